// Builds the web console into console/dist: one minified script bundled by esbuild from
// console/src (plain TypeScript, no framework), the page and the stylesheet as they are. `npm start`
// runs it before the processes start, the test suite's setup before the tests; it takes well under
// a second. Nothing is fetched: everything the console uses is in this folder.
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const here = import.meta.dirname;
export const CONSOLE_OUT = path.join(here, 'dist');

/** Builds the console; returns the size in bytes of each file written. */
export async function buildConsole(outDir: string = CONSOLE_OUT): Promise<Record<string, number>> {
  fs.mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: [path.join(here, 'src', 'main.ts')],
    outfile: path.join(outDir, 'console.js'),
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    legalComments: 'none',
    logLevel: 'warning',
  });
  fs.copyFileSync(path.join(here, 'index.html'), path.join(outDir, 'index.html'));
  fs.copyFileSync(path.join(here, 'style.css'), path.join(outDir, 'console.css'));
  return Object.fromEntries(fs.readdirSync(outDir).map((name) => [name, fs.statSync(path.join(outDir, name)).size]));
}

if (process.argv[1] === import.meta.filename) {
  const sizes = await buildConsole();
  console.log(
    `• console built: ${Object.entries(sizes)
      .map(([name, bytes]) => `${name} ${(bytes / 1024).toFixed(1)} KiB`)
      .join(', ')}`,
  );
}
