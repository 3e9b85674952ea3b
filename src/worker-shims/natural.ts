// The Worker's `natural`: only the Jaro-Winkler distance that src/extract uses. The whole package
// (14 MB, Node-only modules such as its sentiment lexicons) neither fits nor loads in workerd.
// Aliased in wrangler.toml and vitest.workers.config.ts.
// A relative path: an alias of `natural` would also rewrite `natural/...` subpaths.
// @ts-expect-error: the file has no type declarations of its own
import JaroWinklerDistance from '../../node_modules/natural/lib/natural/distance/jaro-winkler_distance.js';

export default { JaroWinklerDistance } as {
  JaroWinklerDistance(a: string, b: string, options?: { ignoreCase?: boolean }): number;
};
