// The `byokit` command line (bin). Node only.
import { main } from "./main.js";
import { nodeIo } from "./node-io.js";

main(process.argv.slice(2), nodeIo()).then(
  (code) => {
    process.exitCode = code;
  },
  () => {
    process.exitCode = 1;
  },
);
