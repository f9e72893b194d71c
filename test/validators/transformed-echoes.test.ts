import { HttpResponse, http } from "msw";
import { describe, expect, it } from "vitest";
import { testCredentials } from "../../src/validators/test-credentials.js";
import { randomText, useMswServer } from "./helpers.js";

const server = useMswServer();

const transforms: Record<string, (key: string) => string> = {
  "upper-cased": (key) => key.toUpperCase(),
  "spaced out": (key) => [...key].join(" "),
  base64url: (key) => Buffer.from(`key=${key}`).toString("base64url"),
  "percent-encoded": (key) => [...key].map((c) => `%${c.charCodeAt(0).toString(16)}`).join(""),
  "HTML-encoded": (key) => [...key].map((c) => `&#${c.charCodeAt(0)};`).join(""),
};

/** The readings of a message under which a transformed key would show again. */
function readings(message: string): string[] {
  const runs = message.match(/[A-Za-z0-9_-]{8,}/g) ?? [];
  return [
    message.toLowerCase(),
    message.replace(/\s+/g, "").toLowerCase(),
    message.replace(/%([0-9a-f]{2})/gi, (_, h: string) =>
      String.fromCharCode(Number.parseInt(h, 16)),
    ),
    message.replace(/&#(\d+);/g, (_, d: string) => String.fromCharCode(Number(d))),
    ...runs.flatMap((run) =>
      [0, 1, 2, 3].map((o) => Buffer.from(run.slice(o), "base64url").toString("latin1")),
    ),
  ];
}

describe("a provider that echoes the key transformed", () => {
  it.each(Object.entries(transforms))("%s: the result quotes none of it", async (_, transform) => {
    const key = `sk-proj-${randomText(24)}`;
    server.use(
      http.get("https://api.openai.com/v1/models", () =>
        HttpResponse.json(
          {
            error: {
              message: `Incorrect API key provided: ${transform(key)}`,
              code: "invalid_api_key",
            },
          },
          { status: 401 },
        ),
      ),
    );
    const result = await testCredentials("openai", key);
    expect(result.status).toBe("invalid_credentials");
    expect(result.message).toContain("[REDACTED]");
    const body = key.slice(8).toLowerCase();
    for (const reading of readings(result.message)) {
      for (let start = 0; start + 6 <= body.length; start++) {
        expect(reading.toLowerCase()).not.toContain(body.slice(start, start + 6));
      }
    }
  });
});
