/** `npm run bench`: prints the figures DESIGN.md's performance budgets are checked against. */
import { benchClient } from "./client.js";
import { benchRequestPath } from "./request-path.js";
import { benchResolver } from "./resolver.js";

console.log(`byokit benchmarks — node ${process.version}, ${new Date().toISOString()}`);
benchResolver();
await benchRequestPath();
await benchClient();
