/**
 * End to end: `serve({ ui })` (what `byokit serve --ui` runs) with the console built by the same
 * function as `npm run build`, driven in Debian Chromium by Playwright. Provider probes go to a
 * fake provider `fetch`: nothing leaves the machine.
 */
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium, expect as expectPage, type Page } from "playwright/test";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAdminConsole } from "../../scripts/build-ui.js";
import { createClient } from "../../src/client/create-client.js";
import { createLocalBackend } from "../../src/local/create-local-backend.js";
import { type Server, serve } from "../../src/local/serve.js";
import type { LocalBackend } from "../../src/local/types.js";
import { maskSecret } from "../../src/masking/mask-secret.js";
import { fakeApiKey, fakeRegion } from "../local/helpers.js";
import { findChromium, launchOptions } from "../setup/chromium.js";

const ORG = "org_console";
const TOKEN = "console-admin-token-0123456789";
const SCREENSHOTS = "test-results";

/** What the fake provider was asked: method, URL and whether it was authorized. */
const probes: { url: string; authorization: string }[] = [];

/** Answers OpenAI's and Bedrock's credential probes as if the credentials were valid. */
const fakeProviderFetch: typeof fetch = async (input, init) => {
  const request = new Request(input, init);
  const url = new URL(request.url);
  probes.push({ url: request.url, authorization: request.headers.get("authorization") ?? "" });
  // A key carrying this marker meets a network failure: the provider never answers.
  if (request.headers.get("authorization")?.includes("NETDOWN"))
    throw new TypeError("fetch failed");
  if (url.origin === "https://api.openai.com" && url.pathname === "/v1/models") {
    return Response.json({ object: "list", data: [{ id: "gpt-fake", object: "model" }] });
  }
  if (/^bedrock\.[a-z0-9-]+\.amazonaws\.com$/.test(url.hostname)) {
    return Response.json({ modelSummaries: [] });
  }
  return Response.json({ error: "not faked" }, { status: 404 });
};

let directory: string;
let local: LocalBackend;
let server: Server;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), "byokit-ui-"));
  await Promise.all([buildAdminConsole(directory), mkdir(SCREENSHOTS, { recursive: true })]);
  local = createLocalBackend({
    token: TOKEN,
    organizationId: ORG,
    fetch: fakeProviderFetch,
    apiKeys: [
      { id: "key_staging", name: "Staging" },
      { id: "key_production", name: "Production" },
    ],
  });
  server = await serve(local, { port: 0, ui: { directory, organizationId: ORG, token: TOKEN } });
  browser = await chromium.launch(launchOptions(await findChromium()));
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on("pageerror", (error) => pageErrors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") pageErrors.push(message.text());
  });
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (directory) await rm(directory, { recursive: true, force: true });
});

const openai = fakeApiKey("sk-test-FAKE");
const usEast = fakeRegion();
const global = fakeRegion();

describe("admin console (byokit serve --ui)", () => {
  it("creates, tests, edits, explains and deletes keys through the page", async () => {
    // The one-time login link sets the session cookie, then lands on the page.
    await page.goto(server.loginUrl!);
    await expectPage(page.getByRole("heading", { name: "Provider keys", level: 1 })).toBeVisible();
    await expectPage(page.getByText("No provider keys yet")).toBeVisible();
    await expectPage(page.getByText(`Organization ${ORG}`)).toBeVisible();

    // Keyboard: the dialog opens on Enter, closes on Escape, and gives focus back.
    const addButton = page.getByRole("button", { name: "Add provider key" });
    await addButton.focus();
    await page.keyboard.press("Enter");
    let dialog = page.getByRole("dialog", { name: "Add provider key" });
    await expectPage(dialog.getByLabel("Provider")).toBeFocused();
    await page.keyboard.press("Escape");
    await expectPage(dialog).toBeHidden();
    await expectPage(addButton).toBeFocused();

    // Errors name their fields, inline and in the summary.
    await addButton.click();
    dialog = page.getByRole("dialog", { name: "Add provider key" });
    await dialog.getByRole("button", { name: "Create key" }).click();
    await expectPage(dialog.getByRole("alert")).toContainText("Name:");
    await expectPage(dialog.getByRole("alert")).toContainText("OpenAI API key:");
    await expectPage(dialog.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");

    // An organization OpenAI key, tested before saving.
    await dialog.getByLabel("Name").fill("OpenAI org");
    await dialog.getByLabel("OpenAI API key").fill(openai);
    await expectPage(dialog.getByText(`Will be shown as ${maskSecret(openai)}`)).toBeVisible();
    await dialog.getByRole("button", { name: "Test credentials" }).click();
    await expectPage(dialog.getByRole("status")).toContainText("Valid");
    expect(probes.at(-1)).toEqual({
      url: "https://api.openai.com/v1/models",
      authorization: `Bearer ${openai}`,
    });
    await expectPage(dialog.getByLabel("Whole organization")).toBeChecked();
    await dialog.getByRole("button", { name: "Create key" }).click();
    await expectPage(dialog).toBeHidden();
    await expectPage(page.getByRole("status").first()).toHaveText("Created OpenAI org.");

    // A Bedrock key with two regions, for the staging API key only.
    await page.getByRole("button", { name: "Add provider key" }).click();
    dialog = page.getByRole("dialog", { name: "Add provider key" });
    await dialog.getByLabel("Provider").selectOption({ label: "AWS Bedrock" });
    await dialog.getByLabel("Name").fill("Bedrock staging");
    const region1 = dialog.getByRole("group", { name: "Region 1" });
    await region1.getByLabel("Region", { exact: true }).fill("us-east-1");
    await region1.getByLabel("Access key ID").fill(usEast.access_key_id);
    await region1.getByLabel("Secret access key").fill(usEast.secret_access_key);
    await dialog.getByRole("button", { name: "Add region" }).click();
    const region2 = dialog.getByRole("group", { name: "Region 2" });
    await expectPage(region2.getByLabel("Region", { exact: true })).toBeFocused();
    await region2.getByLabel("Region", { exact: true }).fill("global");
    await region2.getByLabel("Access key ID").fill(global.access_key_id);
    await region2.getByLabel("Secret access key").fill(global.secret_access_key);
    await dialog.getByLabel("Selected API keys").check();
    await dialog.getByLabel("Staging").check();
    await dialog.getByRole("button", { name: "Test credentials" }).click();
    const result = dialog.getByRole("status");
    await expectPage(result).toContainText("AWS accepted the credentials in all 2 regions.");
    await expectPage(result.getByRole("list", { name: "Results per region" })).toContainText(
      "us-east-1",
    );
    await expectPage(result.getByRole("list", { name: "Results per region" })).toContainText(
      "global",
    );
    const bedrockProbes = probes.filter((probe) => probe.url.includes("amazonaws.com"));
    expect(bedrockProbes.map((probe) => new URL(probe.url).hostname).sort()).toEqual([
      "bedrock.us-east-1.amazonaws.com",
      "bedrock.us-east-1.amazonaws.com", // global is probed in us-east-1 by default
    ]);
    expect(bedrockProbes.every((probe) => probe.authorization.startsWith("AWS4-HMAC-SHA256"))).toBe(
      true,
    );
    await page.screenshot({ path: `${SCREENSHOTS}/admin-console-form.png` });
    await dialog.getByRole("button", { name: "Create key" }).click();
    await expectPage(dialog).toBeHidden();

    // Both keys, masked, with the right badges.
    const table = page.getByRole("table", { name: "Provider keys" });
    const openaiRow = table.getByRole("row", { name: /OpenAI org/ });
    const bedrockRow = table.getByRole("row", { name: /Bedrock staging/ });
    await expectPage(openaiRow).toContainText(maskSecret(openai));
    await expectPage(openaiRow).toContainText("Organization (all keys)");
    await expectPage(bedrockRow).toContainText(maskSecret(usEast.access_key_id));
    await expectPage(bedrockRow).toContainText(maskSecret(global.access_key_id));
    await expectPage(bedrockRow.getByRole("list", { name: "API keys" })).toHaveText("Staging");
    await expectPage(bedrockRow).not.toContainText("Organization (all keys)");
    const purple = await openaiRow.getByText("Organization (all keys)").evaluate(backgroundOf);
    const blue = await bedrockRow
      .getByRole("list", { name: "API keys" })
      .getByText("Staging")
      .evaluate(backgroundOf);
    expect(purple).toBe("rgb(239, 231, 253)");
    expect(blue).toBe("rgb(224, 237, 255)");
    const html = await page.content();
    for (const secret of [openai, usEast.secret_access_key, global.secret_access_key]) {
      expect(html).not.toContain(secret.slice(-12));
    }

    // Edit the OpenAI key, credentials left empty: the stored secret stays.
    await openaiRow.getByRole("button", { name: "Edit" }).click();
    dialog = page.getByRole("dialog", { name: "Edit OpenAI org" });
    await expectPage(
      dialog.getByText("Leave credentials empty to keep the stored ones."),
    ).toBeVisible();
    await expectPage(dialog.getByLabel("Name")).toBeFocused();
    await dialog.getByLabel("Name").fill("OpenAI organization");
    await dialog.getByRole("button", { name: "Save changes" }).click();
    await expectPage(dialog).toBeHidden();
    await expectPage(table.getByRole("row", { name: /OpenAI organization/ })).toBeVisible();
    const openaiResolution = await local.resolve({ provider: "openai" });
    expect(openaiResolution.status === "resolved" && openaiResolution.credentials).toBe(openai);

    // A stale edit shows the 412 and offers the latest version.
    const apiClient = createClient({ baseUrl: server.url, organizationId: ORG, token: TOKEN });
    await table.getByRole("button", { name: "Edit OpenAI organization" }).click();
    dialog = page.getByRole("dialog", { name: "Edit OpenAI organization" });
    const [stored] = (await apiClient.providerKeys.list({ provider: "openai" })).data;
    await apiClient.providerKeys.update(stored!.id, { name: "OpenAI renamed elsewhere" });
    await dialog.getByLabel("Name").fill("OpenAI mine");
    await dialog.getByRole("button", { name: "Save changes" }).click();
    await expectPage(dialog.getByRole("alert")).toContainText("412 Precondition Failed");
    await dialog.getByRole("button", { name: "Reload latest version" }).click();
    dialog = page.getByRole("dialog", { name: "Edit OpenAI renamed elsewhere" });
    await expectPage(dialog.getByLabel("Name")).toHaveValue("OpenAI renamed elsewhere");
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expectPage(dialog).toBeHidden();

    // Edit Bedrock: keep us-east-1's secret (access key id given, secret left empty), drop global.
    await bedrockRow.getByRole("button", { name: "Edit" }).click();
    dialog = page.getByRole("dialog", { name: "Edit Bedrock staging" });
    await dialog.getByRole("button", { name: "Remove region 2" }).click();
    await dialog
      .getByRole("group", { name: "Region 1" })
      .getByLabel("Access key ID")
      .fill(usEast.access_key_id);
    await dialog.getByRole("button", { name: "Save changes" }).click();
    await expectPage(dialog).toBeHidden();
    const kept = await local.resolve({
      provider: "bedrock",
      api_key_id: "key_staging",
      region: "us-east-1",
    });
    expect(kept.status === "resolved" && kept.credentials).toEqual(usEast);
    await expectPage(bedrockRow).not.toContainText(maskSecret(global.access_key_id));

    // Which key will this API key use?
    const panel = page.getByRole("region", { name: "Which key will this API key use?" });
    await panel.getByLabel("Provider").selectOption({ label: "AWS Bedrock" });
    await panel.getByLabel("API key").selectOption({ label: "Staging (key_staging)" });
    await panel.getByLabel("Region", { exact: true }).fill("us-east-1");
    await panel.getByRole("button", { name: "Show the key" }).click();
    const expected = await local.resolve({
      provider: "bedrock",
      api_key_id: "key_staging",
      region: "us-east-1",
    });
    await expectPage(panel.getByRole("status")).toContainText("Resolved");
    await expectPage(panel.getByRole("status")).toContainText("Bedrock staging");
    await expectPage(panel.getByRole("status")).toContainText(expected.explanation);
    await panel.getByLabel("Region", { exact: true }).fill("eu-west-1");
    await panel.getByRole("button", { name: "Show the key" }).click();
    await expectPage(panel.getByRole("status")).toContainText("Region unavailable");

    await page.screenshot({ path: `${SCREENSHOTS}/admin-console.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SCREENSHOTS}/admin-console-narrow.png`, fullPage: true });

    // Delete, after a confirmation (cancel first: nothing happens).
    const renamedRow = table.getByRole("row", { name: /OpenAI renamed elsewhere/ });
    await renamedRow.getByRole("button", { name: "Delete" }).click();
    let confirm = page.getByRole("alertdialog", { name: "Delete OpenAI renamed elsewhere?" });
    await expectPage(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
    await confirm.getByRole("button", { name: "Cancel" }).click();
    await expectPage(renamedRow).toBeVisible();
    await renamedRow.getByRole("button", { name: "Delete" }).click();
    confirm = page.getByRole("alertdialog", { name: "Delete OpenAI renamed elsewhere?" });
    await confirm.getByRole("button", { name: "Delete key" }).click();
    await expectPage(renamedRow).toHaveCount(0);
    await expectPage(page.getByRole("status").first()).toHaveText(
      "Deleted OpenAI renamed elsewhere.",
    );
    const remaining = await apiClient.providerKeys.list();
    expect(remaining.data.map((key) => key.name)).toEqual(["Bedrock staging"]);

    // The browser logs every failed response; the stale edit's 412 is the only one expected.
    expect(pageErrors).toEqual([
      "Failed to load resource: the server responded with a status of 412 (Precondition Failed)",
    ]);
  }, 40_000);
});

describe("admin console: API keys, BYOK-only, live errors, shadowing, row tests", () => {
  it("creates an API key (secret once), assigns to it, deactivates it, and explains BYOK-only", async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${server.url}/`);
    const errorsBefore = pageErrors.length;
    const apiClient = createClient({ baseUrl: server.url, organizationId: ORG, token: TOKEN });
    const apiKeys = page.getByRole("region", { name: "API keys" });
    const apiKeysTable = apiKeys.getByRole("table", { name: "API keys" });
    await expectPage(apiKeysTable.getByRole("row", { name: /Staging/ })).toContainText("Never");

    // Create: the secret is shown once, with a copy button, and leaves the DOM on close.
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    const createButton = apiKeys.getByRole("button", { name: "Create API key" });
    await createButton.click();
    let dialog = page.getByRole("dialog", { name: "Create API key" });
    await expectPage(dialog.getByLabel("Name")).toBeFocused();
    await dialog.getByLabel("Name").fill("Checkout");
    await dialog.getByRole("button", { name: "Create API key" }).click();
    const secretDialog = page.getByRole("dialog", { name: "API key Checkout created" });
    await expectPage(secretDialog).toContainText("you will not see it again");
    await expectPage(secretDialog.getByRole("button", { name: "Copy key" })).toBeFocused();
    const shown = (await secretDialog.locator("code").textContent()) ?? "";
    const checkout = (await apiClient.apiKeys.list()).data.find((key) => key.name === "Checkout");
    expect(checkout).toBeDefined();
    const revealed = await apiClient.apiKeys.reveal(checkout!.id);
    expect(shown).toBe(revealed.key);
    await secretDialog.getByRole("button", { name: "Copy key" }).click();
    await expectPage(secretDialog.getByRole("status")).toHaveText("Copied to the clipboard.");
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(revealed.key);
    await page.screenshot({ path: `${SCREENSHOTS}/admin-console-secret.png` });
    // Held across the close: the node itself is wiped, not only taken out of the page.
    const secretNode = await secretDialog.locator("code").elementHandle();
    await secretDialog.getByRole("button", { name: "I have stored it" }).click();
    await expectPage(secretDialog).toBeHidden();
    expect(await secretNode!.evaluate((node) => node.textContent)).toBe("");
    expect(await secretNode!.evaluate((node) => node.isConnected)).toBe(false);
    await expectPage(createButton).toBeFocused();
    expect(await page.content()).not.toContain(revealed.key);
    const checkoutRow = apiKeysTable.getByRole("row", { name: /Checkout/ });
    await expectPage(checkoutRow).toContainText("Active");
    await expectPage(checkoutRow).toContainText("Never");

    // Reveal is an explicit action, shown once the same way.
    await checkoutRow.getByRole("button", { name: "Reveal Checkout" }).click();
    const revealDialog = page.getByRole("dialog", { name: "API key Checkout" });
    await expectPage(revealDialog.locator("code")).toHaveText(revealed.key);
    await page.keyboard.press("Escape");
    await expectPage(revealDialog).toBeHidden();
    expect(await page.content()).not.toContain(revealed.key);

    // The provider key form's assignment picker lists it (the live list); assign a key to it.
    await page.getByRole("button", { name: "Add provider key" }).click();
    dialog = page.getByRole("dialog", { name: "Add provider key" });
    await dialog.getByLabel("Name").fill("OpenAI checkout");
    await dialog.getByLabel("OpenAI API key").fill(fakeApiKey());
    await dialog.getByLabel("Selected API keys").check();
    await dialog.getByLabel("Checkout").check();
    await dialog.getByRole("button", { name: "Create key" }).click();
    await expectPage(dialog).toBeHidden();
    const table = page.getByRole("table", { name: "Provider keys" });
    await expectPage(
      table.getByRole("row", { name: /OpenAI checkout/ }).getByRole("list", { name: "API keys" }),
    ).toHaveText("Checkout");

    const panel = page.getByRole("region", { name: "Which key will this API key use?" });
    const ask = async (provider: string, apiKeyId: string) => {
      await panel.getByLabel("Provider").selectOption({ label: provider });
      await panel.getByLabel("API key").selectOption(apiKeyId);
      await panel.getByRole("button", { name: "Show the key" }).click();
    };
    await ask("OpenAI", checkout!.id);
    await expectPage(panel.getByRole("status")).toContainText("Resolved");
    await expectPage(panel.getByRole("status")).toContainText("OpenAI checkout");

    // Deactivate: the list, the picker and the panel follow; the answer is the server's.
    await checkoutRow.getByRole("button", { name: "Deactivate Checkout" }).click();
    await expectPage(checkoutRow).toContainText("Inactive");
    await expectPage(apiKeys.getByRole("status")).toHaveText("Deactivated API key Checkout.");
    expect((await apiClient.apiKeys.get(checkout!.id)).active).toBe(false);
    await expectPage(
      panel.getByLabel("API key").locator(`option[value="${checkout!.id}"]`),
    ).toHaveText(/inactive/);
    await ask("OpenAI", checkout!.id);
    const afterDeactivation = await local.resolve({ provider: "openai", api_key_id: checkout!.id });
    await expectPage(panel.getByRole("status")).toContainText(afterDeactivation.explanation);
    await checkoutRow.getByRole("button", { name: "Activate Checkout" }).click();
    await expectPage(checkoutRow.getByText("Active", { exact: true })).toBeVisible();

    // A BYOK-only API key that no provider key serves: the gateway refuses (rejected).
    await createButton.click();
    dialog = page.getByRole("dialog", { name: "Create API key" });
    await dialog.getByLabel("Name").fill("Strict");
    await dialog.getByLabel(/BYOK-only/).check();
    await dialog.getByRole("button", { name: "Create API key" }).click();
    await page
      .getByRole("dialog", { name: "API key Strict created" })
      .getByRole("button", { name: "I have stored it" })
      .click();
    const strictRow = apiKeysTable.getByRole("row", { name: /Strict/ });
    await expectPage(strictRow.getByText("BYOK-only")).toBeVisible();
    await expectPage(checkoutRow).toContainText("No");
    const strict = (await apiClient.apiKeys.list()).data.find((key) => key.name === "Strict");
    await ask("Anthropic", strict!.id);
    const rejected = await local.resolve({ provider: "anthropic", api_key_id: strict!.id });
    expect(rejected.status).toBe("rejected");
    await expectPage(panel.getByRole("status")).toContainText("Rejected (BYOK-only)");
    await expectPage(panel.getByRole("status")).toContainText("the gateway refuses the request");
    await expectPage(panel.getByRole("status")).toContainText(rejected.explanation);
    await page.screenshot({ path: `${SCREENSHOTS}/admin-console-api-keys.png`, fullPage: true });

    // Delete, after a confirmation that says what happens to the provider keys assigned to it.
    await strictRow.getByRole("button", { name: "Delete Strict" }).click();
    const confirm = page.getByRole("alertdialog", { name: "Delete API key Strict?" });
    await expectPage(confirm).toContainText("will then serve nobody");
    await expectPage(confirm.getByRole("button", { name: "Cancel" })).toBeFocused();
    await confirm.getByRole("button", { name: "Delete API key" }).click();
    await expectPage(strictRow).toHaveCount(0);
    expect((await apiClient.apiKeys.list()).data.map((key) => key.name)).not.toContain("Strict");
    expect(pageErrors.slice(errorsBefore)).toEqual([]);
  }, 40_000);

  it("clears a field's error once fixed, marks shadowed rows, warns before shadowing, tests rows", async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${server.url}/`);
    const errorsBefore = pageErrors.length;

    // Errors go away as each field is fixed, and the summary counts what is left.
    await page.getByRole("button", { name: "Add provider key" }).click();
    const dialog = page.getByRole("dialog", { name: "Add provider key" });
    await dialog.getByRole("button", { name: "Create key" }).click();
    const summary = dialog.getByRole("alert");
    await expectPage(summary).toContainText("Please fix these 2:");
    await dialog.getByLabel("Name").fill("   ");
    await expectPage(dialog.getByLabel("Name")).toHaveAttribute("aria-invalid", "true");
    await dialog.getByLabel("Name").fill("OpenAI checkout again");
    await expectPage(dialog.getByLabel("Name")).not.toHaveAttribute("aria-invalid", "true");
    await expectPage(summary).toContainText("Please fix this:");
    await expectPage(summary).not.toContainText("Name:");
    await dialog.getByLabel("OpenAI API key").fill(fakeApiKey());
    await expectPage(summary).toBeHidden();
    await expectPage(dialog.getByLabel("OpenAI API key")).not.toHaveAttribute(
      "aria-invalid",
      "true",
    );

    // The form warns before creating a key the existing one shadows (same scope, same provider).
    const checkout = (
      await createClient({ baseUrl: server.url, organizationId: ORG, token: TOKEN }).apiKeys.list()
    ).data.find((key) => key.name === "Checkout");
    await dialog.getByLabel("Selected API keys").check();
    await dialog.getByLabel("Checkout").check();
    const warning = dialog.locator(".shadow-warning");
    await expectPage(warning).toContainText("shadowed");
    await expectPage(warning).toContainText("OpenAI checkout");
    await dialog.getByLabel("Whole organization").check();
    await expectPage(warning).toBeEmpty();
    await dialog.getByLabel("Selected API keys").check();
    await dialog.getByRole("button", { name: "Create key" }).click();
    await expectPage(dialog).toBeHidden();

    // The loser says so on its own row, not with a green "Active".
    const table = page.getByRole("table", { name: "Provider keys" });
    const answer = await local.resolve({ provider: "openai", api_key_id: checkout!.id });
    expect(answer.status).toBe("resolved");
    const winner = answer.status === "resolved" ? answer.key.name : "";
    const loser = winner === "OpenAI checkout" ? "OpenAI checkout again" : "OpenAI checkout";
    const loserRow = table.getByRole("row", { name: new RegExp(`^${loser} OpenAI`) });
    await expectPage(loserRow.getByRole("cell").nth(3)).toContainText("Shadowed");
    await expectPage(loserRow.getByRole("cell").nth(3)).toContainText(
      new RegExp(`shadowed by \\W?${winner}\\W`),
    );
    await expectPage(loserRow.getByRole("cell").nth(3)).toContainText("in API key Checkout");
    await expectPage(loserRow).not.toContainText("Active");
    const winnerRow = table.getByRole("row", { name: new RegExp(`^${winner} OpenAI`) });
    await expectPage(winnerRow.getByRole("cell").nth(3)).toHaveText("Active");

    // Row Test: the stored credentials, the result inline on the row.
    await winnerRow.getByRole("button", { name: `Test ${winner}` }).click();
    await expectPage(winnerRow.getByRole("status", { name: `Test of ${winner}` })).toContainText(
      "Valid",
    );
    const apiClient = createClient({ baseUrl: server.url, organizationId: ORG, token: TOKEN });
    await apiClient.providerKeys.create({
      provider: "openai",
      name: "Offline key",
      provider_key: fakeApiKey("sk-test-NETDOWN"),
      api_key_ids: ["key_production"],
    });
    await page.reload();
    const offlineRow = table.getByRole("row", { name: /Offline key/ });
    await offlineRow.getByRole("button", { name: "Test Offline key" }).click();
    const offlineResult = offlineRow.getByRole("status", { name: "Test of Offline key" });
    await expectPage(offlineResult).toContainText("Not checked");
    await expectPage(offlineResult).not.toContainText("Valid");
    await page.screenshot({ path: `${SCREENSHOTS}/admin-console-rows.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SCREENSHOTS}/admin-console-rows-narrow.png`, fullPage: true });
    expect(pageErrors.slice(errorsBefore)).toEqual([]);
  }, 40_000);
});

function backgroundOf(element: Element): string {
  return getComputedStyle(element).backgroundColor;
}
