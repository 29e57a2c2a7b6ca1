// Signed bundle files for the command line's test in `make test`
// (scripts/cli-package-example.sh): the benchmark's generator (bench/import.mjs,
// jose, chained per device as the app chains them) into a new folder.
// Prints one line: the folder, then the numbers of files, answers and
// questionnaire responses. Usage: node scripts/example-bundles.mjs [BUNDLES] [DEVICES]
import { makeBundles } from '../bench/import.mjs';

const [bundles = 50, devices = 5] = process.argv.slice(2).map(Number);
const made = await makeBundles({ bundles, devices });
console.log([made.dir, made.files.length, made.answers, made.responses].join(' '));
