// Turns a clean 300 dpi render into what an office scanner or a phone produces: skew, lower resolution,
// blur, grey paper, sensor noise, speckles, JPEG artefacts. Seeded, so the samples are reproducible.
import sharp from 'sharp';
import { rng } from '../eval-lib.js';

export interface Degradation {
  dpi: number;
  /** skew in degrees */
  angle?: number;
  blur?: number;
  /** gaussian noise, standard deviation in grey levels */
  noise?: number;
  /** share of pixels turned into dark specks */
  speckle?: number;
  /** paper grey level (255 = white) */
  paper?: number;
  /** ink lightened towards paper (0..1): a worn toner cartridge */
  fade?: number;
  /** JPEG quality; none: PNG */
  jpeg?: number;
  /** uneven light: brightness falls to this share at the bottom-right corner (a phone's shadow, a lamp) */
  shade?: number;
  /** quarter turns applied last (orientation samples) */
  turn?: 0 | 90 | 180 | 270;
  seed?: number;
}

export const VARIANTS: Record<string, Degradation> = {
  clean: { dpi: 300 },
  degraded: { dpi: 200, angle: 0.7, blur: 0.5, noise: 4, speckle: 0.0004, paper: 242, fade: 0.1, jpeg: 60, seed: 2 },
  harsh: { dpi: 150, angle: -2.2, blur: 0.9, noise: 18, speckle: 0.0015, paper: 228, fade: 0.25, jpeg: 40, seed: 3 },
  lowres100: { dpi: 100, angle: 0.4, blur: 0.4, noise: 6, paper: 240, jpeg: 60, seed: 4 },
  lowres75: { dpi: 75, angle: -0.6, blur: 0.3, noise: 5, paper: 238, jpeg: 65, seed: 5 },
  shadow: { dpi: 200, angle: 0.5, blur: 0.4, noise: 4, paper: 236, shade: 0.4, jpeg: 70, seed: 6 },
};

/** Rendered only when asked (`make-samples.ts --dev DIR --variants ...`): not in the committed or default sets. */
export const EXTRA_VARIANTS: Record<string, Degradation> = {
  // 100 dpi, out of focus: Gaussian sigma 1.2 px at 100 dpi (lowres100: 0.4), JPEG q60
  blur100: { dpi: 100, angle: 0.4, blur: 1.2, noise: 6, paper: 240, jpeg: 60, seed: 7 },
};
export const ALL_VARIANTS: Record<string, Degradation> = { ...VARIANTS, ...EXTRA_VARIANTS };

export async function degrade(png300: Buffer, d: Degradation): Promise<{ bytes: Buffer; ext: 'png' | 'jpg'; dpi: number }> {
  let img = sharp(png300).grayscale();
  if (d.angle) img = sharp(await img.rotate(d.angle, { background: '#ffffff' }).png().toBuffer());
  const meta = await img.metadata();
  if (d.dpi !== 300) img = sharp(await img.resize({ width: Math.round((meta.width! * d.dpi) / 300), kernel: 'cubic' }).png().toBuffer());
  if (d.blur && d.blur >= 0.3) img = img.blur(d.blur);
  const { data, info } = await img.grayscale().raw().toBuffer({ resolveWithObject: true });
  const rand = rng(d.seed ?? 1);
  const paper = d.paper ?? 255;
  const fade = d.fade ?? 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i] / 255;
    // ink stays ink (lightened by fade), white becomes paper grey
    let g = paper * v + (1 - v) * (fade * paper);
    if (d.noise) {
      const u = Math.max(1e-9, rand());
      g += d.noise * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
    }
    if (d.speckle && rand() < d.speckle) g = 40 * rand();
    if (d.shade !== undefined) {
      const t = ((i % info.width) / info.width + Math.floor(i / info.width) / info.height) / 2;
      g *= 1 - (1 - d.shade) * t * t;
    }
    data[i] = Math.max(0, Math.min(255, Math.round(g)));
  }
  let out = sharp(data, { raw: { width: info.width, height: info.height, channels: 1 } });
  if (d.turn) out = sharp(await out.rotate(d.turn).png().toBuffer());
  out = out.withMetadata({ density: d.dpi });
  if (d.jpeg) return { bytes: await out.jpeg({ quality: d.jpeg, chromaSubsampling: '4:4:4' }).toBuffer(), ext: 'jpg', dpi: d.dpi };
  return { bytes: await out.png({ compressionLevel: 9, palette: false }).toBuffer(), ext: 'png', dpi: d.dpi };
}
