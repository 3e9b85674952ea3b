// After `tsc -p tsconfig.build.json`: copies the files the build reads at run time next to its code
// (src/store/migrations/*.sql -> dist/store/migrations/) and makes the `vanban` bin executable.
import { chmodSync, cpSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = (p) => fileURLToPath(new URL(`../../${p}`, import.meta.url));

const migrations = root('dist/store/migrations');
rmSync(migrations, { recursive: true, force: true }); // no migration left over from an earlier build
cpSync(root('src/store/migrations'), migrations, { recursive: true, filter: (src) => src.endsWith('.sql') || statSync(src).isDirectory() });
chmodSync(root('dist/cli/main.js'), 0o755);
