import { HttpError, jsonResponse } from "../http/responses.js";
import type { HandlerContext } from "./context.js";

/** `GET /v1/organizations` → `{ data: [...] }`, the shape Edgee's own client reads (observed). */
export async function listOrganizations({ core, requestId }: HandlerContext) {
  return jsonResponse(requestId, 200, { data: await core.organizationRecords() });
}

/** `GET /v1/organizations/{org_id}`: one organization; 404 for one the backend does not serve. */
export async function getOrganization({ core, requestId, organizationId }: HandlerContext) {
  if (!(await core.serves(organizationId))) {
    throw new HttpError(404, "not_found_error", "no such organization");
  }
  return jsonResponse(requestId, 200, core.organizationRecord(organizationId));
}
