/**
 * The first import of every entry point (main.ts, cli.ts): on a Node older than package.json's `engines`, Ferry
 * stops here with a message naming the version it needs, before a dependency fails deep inside with a stack trace.
 */
import { enginesNode, nodeVersionProblem } from './node-version';

const problem = nodeVersionProblem(process.versions.node, enginesNode());
if (problem) {
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}
