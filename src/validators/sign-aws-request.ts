import { SignatureV4 } from "@smithy/signature-v4";
import type { AwsRegionCredentials } from "../providers/credentials.js";
import type { Sha256Constructor } from "./native-sha256.js";
import { sha256Constructor } from "./sha256.js";

export interface SignAwsRequestOptions {
  readonly region: string;
  readonly service: string;
  /** Defaults to now; the published test vectors sign at a fixed date. */
  readonly signingDate?: Date;
}

/** What SigV4 signs: the request as values (`authorizationHeaders("bedrock", …)` takes these). */
export interface AwsRequestParts {
  readonly method: string;
  readonly url: URL;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array | undefined;
}

/**
 * Signs `request` with AWS Signature V4 (headers, not query), signing the session token as
 * `x-amz-security-token` when there is one. Returns a new `Request`; the original is untouched.
 */
export async function signAwsRequest(
  request: Request,
  credentials: AwsRegionCredentials,
  options: SignAwsRequestOptions,
): Promise<Request> {
  const body =
    request.body === null ? undefined : new Uint8Array(await request.clone().arrayBuffer());
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const signed = await signAwsParts(
    { method: request.method, url: new URL(request.url), headers, body },
    credentials,
    options,
  );
  const out = new Headers(signed);
  return new Request(request, body === undefined ? { headers: out } : { headers: out, body });
}

/**
 * Signs a request given as values: every header to send (the given ones and the signature's
 * `authorization`, `x-amz-date`, `x-amz-security-token`), `Host` aside, which fetch derives
 * from the URL.
 */
export async function signAwsParts(
  { method, url, headers, body }: AwsRequestParts,
  credentials: AwsRegionCredentials,
  options: SignAwsRequestOptions,
): Promise<Record<string, string>> {
  const sha256 = await sha256Constructor();
  const signer = signerFor(credentials, options, sha256);
  const signed = await signer.sign(
    {
      method,
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port === "" ? {} : { port: Number(url.port) }),
      path: url.pathname,
      query: queryOf(url),
      // Signed but never sent by us: fetch derives `Host` from the URL, which is what AWS checks.
      headers: { ...headers, host: url.host },
      ...(body === undefined ? {} : { body }),
    },
    options.signingDate === undefined ? {} : { signingDate: options.signingDate },
  );
  const { host: _host, ...out } = signed.headers;
  return out;
}

function queryOf(url: URL): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const name of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(name);
    query[name] = values.length === 1 ? (values[0] as string) : values;
  }
  return query;
}

/**
 * Signers of frozen credentials (as `local.resolve()` hands them out, once checked), by the
 * credentials object itself: no secret in a key, and a signer lives no longer than its
 * credentials. Each holds one signer per region and service.
 */
const signers = new WeakMap<AwsRegionCredentials, Map<string, SignatureV4>>();
/** Regions × services one credential may be cached for; past it, the oldest goes. */
const MAX_SIGNERS_PER_CREDENTIAL = 64;

/**
 * A `SignatureV4` for `credentials` in one region and service: reused for frozen credentials
 * (which cannot change under it), built per call for any other object.
 */
function signerFor(
  credentials: AwsRegionCredentials,
  { region, service }: SignAwsRequestOptions,
  sha256: Sha256Constructor,
): SignatureV4 {
  const cacheable = Object.isFrozen(credentials);
  const byScope = cacheable ? signers.get(credentials) : undefined;
  const scope = `${service} ${region}`;
  const cached = byScope?.get(scope);
  if (cached !== undefined) return cached;
  const signer = new SignatureV4({
    service,
    region,
    credentials: {
      accessKeyId: credentials.access_key_id,
      secretAccessKey: credentials.secret_access_key,
      ...(credentials.session_token === undefined
        ? {}
        : { sessionToken: credentials.session_token }),
    },
    sha256,
    // x-amz-content-sha256 is an S3 header; other services do not need it.
    applyChecksum: false,
  });
  if (cacheable) {
    const scopes = byScope ?? new Map<string, SignatureV4>();
    if (scopes.size >= MAX_SIGNERS_PER_CREDENTIAL) scopes.delete(scopes.keys().next().value!);
    scopes.set(scope, signer);
    if (byScope === undefined) signers.set(credentials, scopes);
  }
  return signer;
}
