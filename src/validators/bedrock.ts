import { ValidationError } from "../errors/validation-error.js";
import { awsPartitionOf, GLOBAL_REGION } from "../providers/aws-regions.js";
import type { AwsRegionCredentials, BedrockCredentials } from "../providers/credentials.js";
import { answer, rateLimited, successOrUnexpected } from "./classify.js";
import type { ProbeContext, ProbeOutcome } from "./probe-outcome.js";
import { errorDetail, isObject, type ProviderResponse } from "./provider-response.js";
import type { ProviderValidator } from "./provider-validator.js";
import { sendProbe } from "./send-probe.js";
import { signAwsParts, signAwsRequest } from "./sign-aws-request.js";
import type { RegionTestResult } from "./types.js";

/** The region a request is signed for: a known AWS region code, else a `ValidationError`. */
function signingRegion(region: string | undefined): string {
  if (region === undefined || awsPartitionOf(region) === undefined) {
    throw new ValidationError([
      {
        path: "options.region",
        message: "must be the AWS region code the request is for, such as eu-west-3",
      },
    ]);
  }
  return region;
}

/** Bedrock's SigV4 signing name, for the control plane and `bedrock-runtime` alike. */
const SIGNING_SERVICE = "bedrock";
/** Regions probed at once, so a key with many regions does not flood AWS. */
const MAX_CONCURRENT_REGIONS = 4;

/**
 * AWS Bedrock: `GET /foundation-models` (ListFoundationModels) per region of the credential
 * map, SigV4-signed, on the region's partition DNS suffix; `global` is probed in
 * `bedrockGlobalRegion`. `ok` only when every region is valid.
 */
export const bedrockValidator: ProviderValidator<"bedrock"> = {
  authorize: (request, credentials, { region }) =>
    signAwsRequest(request, credentials, {
      region: signingRegion(region),
      service: SIGNING_SERVICE,
    }),
  headers: async (credentials, { region, signing }) => {
    if (signing === undefined) {
      throw new ValidationError([
        {
          path: "options.request",
          message: "must be the request to sign: { method, url, headers?, body? }",
        },
      ]);
    }
    const signed = await signAwsParts(signing, credentials, {
      region: signingRegion(region),
      service: SIGNING_SERVICE,
    });
    // Only what the signature adds: the caller sends its own headers, exactly as signed.
    return Object.fromEntries(
      Object.entries(signed).filter(([name]) => !(name in signing.headers)),
    );
  },
  probe: async (credentials, context) => {
    const entries = regionEntries(credentials);
    const regions = await mapWithConcurrency(entries, MAX_CONCURRENT_REGIONS, ([key, entry]) =>
      probeRegion(key, entry, context),
    );
    return summarize(regions);
  },
};

type RegionOutcome = ProbeOutcome & { readonly region: string };

async function probeRegion(
  key: string,
  credentials: AwsRegionCredentials,
  context: ProbeContext,
): Promise<RegionOutcome> {
  const region = key === GLOBAL_REGION ? context.bedrockGlobalRegion : key;
  const partition = awsPartitionOf(region);
  const label =
    key === GLOBAL_REGION
      ? `AWS Bedrock (global, probed in ${region})`
      : `AWS Bedrock in ${region}`;
  const url = `https://bedrock.${region}.${partition?.dnsSuffix ?? "amazonaws.com"}/foundation-models`;
  const request = await bedrockValidator.authorize(new Request(url), credentials, { region });
  const outcome = await sendProbe(label, request, context, (response) =>
    classifyBedrock(label, region, response),
  );
  return { ...outcome, region: key };
}

function summarize(regions: readonly RegionOutcome[]): ProbeOutcome {
  const results: RegionTestResult[] = regions.map(({ region, status, message, http_status }) => ({
    region,
    ok: status === "valid",
    status,
    message,
    ...(http_status === undefined ? {} : { http_status }),
  }));
  const failed = regions.filter((region) => region.status !== "valid");
  const first = failed[0];
  if (first === undefined) {
    const count = regions.length === 1 ? "its region" : `all ${regions.length} regions`;
    return {
      status: "valid",
      message: `AWS accepted the credentials in ${count}.`,
      regions: results,
    };
  }
  const tally =
    regions.length === 1 ? "" : `${failed.length} of ${regions.length} regions failed. `;
  return {
    status: first.status,
    message: `${tally}${first.region}: ${first.message}`,
    regions: results,
    ...(first.http_status === undefined ? {} : { http_status: first.http_status }),
    ...(first.retry_after_ms === undefined ? {} : { retry_after_ms: first.retry_after_ms }),
  };
}

/**
 * The AWS error type: the `x-amzn-ErrorType` header, the body's `__type`/`code`, or (when a
 * proxy strips both) recognised wording of the message.
 */
function awsErrorType(response: ProviderResponse): string | undefined {
  const header = response.headers.get("x-amzn-errortype");
  if (header) return header.split(":")[0];
  const { body } = response;
  if (isObject(body)) {
    const declared = body.__type ?? body.code ?? body.Code;
    if (typeof declared === "string" && declared !== "") return declared.split("#").at(-1);
  }
  const message = errorDetail(body).message ?? "";
  if (/security token included in the request is invalid/i.test(message))
    return "UnrecognizedClientException";
  if (/security token included in the request is expired/i.test(message))
    return "ExpiredTokenException";
  if (
    /signature expired|signature not yet current|signature we calculated does not match/i.test(
      message,
    )
  ) {
    return "InvalidSignatureException";
  }
  if (/not authorized to perform/i.test(message)) return "AccessDeniedException";
  return undefined;
}

function classifyBedrock(label: string, region: string, response: ProviderResponse): ProbeOutcome {
  const type = awsErrorType(response);
  const message = errorDetail(response.body).message ?? "";
  switch (type) {
    case "UnrecognizedClientException":
    case "InvalidClientTokenId":
      return answer(
        "invalid_credentials",
        response,
        `${label}: AWS does not recognise the access key id or session token: check both, that the key is active in IAM, and that it belongs to this region's partition.`,
      );
    case "InvalidSignatureException":
      return /signature expired|not yet current/i.test(message)
        ? answer(
            "invalid_credentials",
            response,
            `${label}: AWS refused the signature because this machine's clock is off: sync the clock (NTP) and test again.`,
          )
        : answer(
            "invalid_credentials",
            response,
            `${label}: the signature does not match: check secret_access_key (it must belong to this access key id).`,
          );
    case "ExpiredTokenException":
      return answer(
        "invalid_credentials",
        response,
        `${label}: the session token has expired: issue new temporary credentials.`,
      );
    case "IncompleteSignatureException":
    case "MissingAuthenticationTokenException":
      return answer(
        "invalid_credentials",
        response,
        `${label}: AWS found the request's authentication incomplete: check access_key_id and secret_access_key.`,
      );
    case "AccessDeniedException":
      return answer(
        "permission_denied",
        response,
        `${label}: the credentials are valid but may not call bedrock:ListFoundationModels in ${region}: grant it (for example with AmazonBedrockReadOnly).`,
      );
    case "ThrottlingException":
    case "TooManyRequestsException":
      return rateLimited(label, response);
    case "ServiceQuotaExceededException":
      return answer(
        "quota_exceeded",
        response,
        `${label}: a service quota is exhausted: ask AWS for a higher quota.`,
      );
  }
  const { status } = response;
  if (status >= 200 && status < 300) {
    return successOrUnexpected(
      label,
      response,
      (body) => isObject(body) && Array.isArray(body.modelSummaries),
    );
  }
  if (status === 429) return rateLimited(label, response);
  if (status >= 500) {
    return answer(
      "unexpected_response",
      response,
      `${label} had a server error (${status}); nothing is known about the credentials: test again later.`,
    );
  }
  return answer(
    "unexpected_response",
    response,
    `${label} answered ${status}${type === undefined ? "" : ` ${type}`}, which byokit does not expect here; test again.`,
  );
}

/** Regions in a stable order, `global` last, as previews list them. */
function regionEntries(credentials: BedrockCredentials): [string, AwsRegionCredentials][] {
  return Object.entries(credentials).sort(([a], [b]) =>
    a === GLOBAL_REGION ? 1 : b === GLOBAL_REGION ? -1 : a < b ? -1 : a > b ? 1 : 0,
  );
}

/** `map` with at most `limit` calls of `task` pending at once; results keep input order. */
async function mapWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
