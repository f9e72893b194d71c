import { createHash, createHmac } from "node:crypto";

/**
 * An independent SigV4 re-computation from a captured request, written from AWS's
 * specification with node:crypto: what the signature in `authorization` should be.
 */
export async function referenceSignature(
  request: Request,
  secretAccessKey: string,
): Promise<string> {
  const authorization = request.headers.get("authorization") ?? "";
  const match =
    /^AWS4-HMAC-SHA256 Credential=[^/]+\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=[0-9a-f]{64}$/.exec(
      authorization,
    );
  if (!match) throw new TypeError(`not a SigV4 authorization header: ${authorization}`);
  const [, date, region, service, signedHeaderList] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
  ];
  const url = new URL(request.url);
  const amzDate = request.headers.get("x-amz-date") ?? "";
  const signedHeaders = signedHeaderList.split(";");
  const canonicalHeaders = signedHeaders
    .map(
      (name) =>
        `${name}:${(name === "host" ? url.host : (request.headers.get(name) ?? "")).trim().replace(/\s+/g, " ")}\n`,
    )
    .join("");
  const body = Buffer.from(await request.clone().arrayBuffer());
  const canonicalRequest = [
    request.method,
    canonicalUri(url.pathname),
    canonicalQuery(url),
    canonicalHeaders,
    signedHeaderList,
    sha256Hex(body),
  ].join("\n");
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = [
    "AWS4-HMAC-SHA256",
    amzDate,
    scope,
    sha256Hex(Buffer.from(canonicalRequest)),
  ].join("\n");
  let key: Buffer = hmac(`AWS4${secretAccessKey}`, date);
  for (const part of [region, service, "aws4_request"]) key = hmac(key, part);
  return createHmac("sha256", key).update(stringToSign).digest("hex");
}

/** The `Signature=` part of a SigV4 authorization header. */
export function signatureOf(request: Request): string | undefined {
  return /Signature=([0-9a-f]{64})$/.exec(request.headers.get("authorization") ?? "")?.[1];
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac("sha256", key).update(data).digest();
}

function sha256Hex(data: Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

/** RFC 3986 encoding as AWS wants it: unreserved characters stay, everything else is %XX. */
function awsEncode(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Non-S3 services encode each (already URL-encoded) path segment once more. */
function canonicalUri(pathname: string): string {
  return pathname
    .split("/")
    .map((segment) => awsEncode(segment))
    .join("/");
}

function canonicalQuery(url: URL): string {
  return [...url.searchParams]
    .map(([name, value]) => [awsEncode(name), awsEncode(value)] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
}
