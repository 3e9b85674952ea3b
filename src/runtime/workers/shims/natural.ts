// The Worker's `natural`: only its string distances, which src/extract uses. The package's index
// loads much more (Node-only modules such as its sentiment lexicons) that neither fits nor loads in
// workerd. Aliased in wrangler.toml and vitest.workers.config.ts.
// A relative path: an alias of `natural` would also rewrite `natural/...` subpaths.
import distance from '../../../../node_modules/natural/lib/natural/distance/index.js';

export default distance;
