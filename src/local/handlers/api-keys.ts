import { paginate, parseListQuery } from "../http/list-query.js";
import { jsonResponse } from "../http/responses.js";
import type { HandlerContext } from "./context.js";

/** `GET /api_keys`: the gateway API keys the backend was given, as a list page. */
export async function listApiKeys({ core, url, requestId }: HandlerContext) {
  const page = paginate(core.apiKeys, parseListQuery(url.searchParams));
  return jsonResponse(requestId, 200, { object: "list", url: url.pathname, ...page });
}
