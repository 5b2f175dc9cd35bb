/** `npm run schema:accept`: makes the schema generated from the code the new baseline, breaks and all. */
import { printFerrySchema } from './build-schema';
import { baselineFile, writeBaseline } from './schema-baseline';

printFerrySchema()
  .then((sdl) => {
    writeBaseline(sdl);
    process.stdout.write(`wrote ${baselineFile}: commit it with the change that breaks the API\n`);
  })
  .catch((error: Error) => {
    process.stderr.write(`${error.stack}\n`);
    process.exit(1);
  });
