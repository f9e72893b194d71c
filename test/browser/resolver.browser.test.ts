/**
 * The whole resolver suite, in Chromium: its test files are browser-safe (the resolver, vitest
 * and fast-check only), so they are imported here and register their tests under this file.
 * The same tables, properties and oracle that run in Node must hold in the browser.
 */
import "../resolver/rules.test.js";
import "../resolver/explanations.test.js";
import "../resolver/lint.test.js";
import "../resolver/oracle.test.js";
import "../resolver/properties.test.js";
import "../resolver/updates.test.js";
import "../resolver/validation.test.js";
