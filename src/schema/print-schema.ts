/** `npm run schema`: writes schema.graphql from the resolver classes. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { printFerrySchema } from './build-schema';

printFerrySchema()
  .then((sdl) => {
    const file = join(__dirname, '..', '..', '..', 'schema.graphql');
    writeFileSync(file, sdl);
    process.stdout.write(`wrote ${file}\n`);
  })
  .catch((error: Error) => {
    process.stderr.write(`${error.stack}\n`);
    process.exit(1);
  });
