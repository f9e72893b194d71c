import type { BackendCore } from "../backend-core.js";

/** What every handler gets: the request, its parsed URL, its id, and the backend's state. */
export interface HandlerContext {
  readonly core: BackendCore;
  readonly request: Request;
  readonly url: URL;
  readonly requestId: string;
  readonly organizationId: string;
  /** The `{id}` of the path, on the routes that have one. */
  readonly id?: string;
}

export type Handler = (context: HandlerContext) => Promise<Response>;
