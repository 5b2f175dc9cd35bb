import { existsSync, readFileSync } from 'node:fs';
import { ModuleKind, ScriptTarget, transpileModule } from 'typescript';

/**
 * Jest's transform. Our own files come compiled by tsc: they pass as they are, with the `.js.map` tsc wrote beside
 * them, so stack traces and failure excerpts point at the TypeScript lines. The few ES-module-only packages that
 * jest's module loader cannot `require` on Node < 24.9 (jest.config.js lists them) are turned into CommonJS by the
 * same compiler; jest caches the result.
 */
const transformer = {
  process(code: string, filename: string): { code: string; map?: string } {
    if (filename.includes('/node_modules/')) {
      const output = transpileModule(code, {
        fileName: filename,
        compilerOptions: { module: ModuleKind.CommonJS, target: ScriptTarget.ES2022, esModuleInterop: true },
      });
      return { code: output.outputText };
    }
    const mapFile = `${filename}.map`;
    return existsSync(mapFile) ? { code, map: readFileSync(mapFile, 'utf8') } : { code };
  },
};

export = transformer;
