// Builds dist/ (minified ES modules) and holds the library to its size budget: the build
// fails when the core, or the core with the video.js adapter, is over 8 KiB gzipped.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const BUDGET = 8 * 1024;
const common = { bundle: true, format: 'esm', minify: true, target: 'es2020', legalComments: 'none', logLevel: 'warning' };

await build({ ...common, entryPoints: ['src/index.js'], outfile: 'dist/playback-web.js' });
// the adapter imports the core from its own file, so a page loads the core once
await build({
  ...common,
  entryPoints: ['src/videojs.js'],
  outfile: 'dist/videojs.js',
  plugins: [{
    name: 'core-external',
    setup(b) {
      b.onResolve({ filter: /^\.\/index\.js$/ }, () => ({ path: './playback-web.js', external: true }));
    },
  }],
});

const gzipped = (...files) => gzipSync(Buffer.concat(files.map((f) => readFileSync(f))), { level: 9 }).length;
const sizes = [
  ['dist/playback-web.js', gzipped('dist/playback-web.js')],
  ['dist/playback-web.js + dist/videojs.js', gzipped('dist/playback-web.js', 'dist/videojs.js')],
];
let over = false;
for (const [name, size] of sizes) {
  console.log(`size: ${name}: ${size} bytes minified and gzipped (budget ${BUDGET})`);
  over ||= size > BUDGET;
}
if (over) {
  console.error(`size: over the budget of ${BUDGET} bytes`);
  process.exit(1);
}
