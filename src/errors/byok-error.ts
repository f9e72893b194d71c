/** The base of every error byokit throws; `instanceof ByokError` catches them all. */
export class ByokError extends Error {
  override name = "ByokError";
}
