/**
 * Addresses no provider lives at: loopback, private, link-local, unique-local, CGNAT, cloud
 * metadata, multicast and reserved ranges, IPv4 and IPv6 alike. An IPv6 address that embeds
 * an IPv4 one (IPv4-mapped `::ffff:a.b.c.d`, IPv4-compatible, NAT64 `64:ff9b::/96`, 6to4
 * `2002::/16`) is judged by the IPv4 address inside. Credential probes refuse to connect to
 * them unless told otherwise (`network.allowPrivateNetworks`), so a stored endpoint cannot
 * make the server reach its own network.
 */

/** `[first bytes of the range, prefix length in bits]`. */
type Range = readonly [readonly number[], number];

const PRIVATE_IPV4: readonly Range[] = [
  [[0], 8], // "this network"
  [[10], 8], // private
  [[100, 64], 10], // CGNAT (also Alibaba Cloud's metadata, 100.100.100.200)
  [[127], 8], // loopback
  [[169, 254], 16], // link-local (AWS, GCP and Azure metadata, 169.254.169.254)
  [[168, 63, 129, 16], 32], // Azure's platform endpoint (WireServer), a public-looking address
  [[172, 16], 12], // private
  [[192, 0, 0], 24], // IETF protocol assignments (Oracle Cloud's metadata, 192.0.0.192)
  [[192, 0, 2], 24], // documentation
  [[192, 88, 99], 24], // 6to4 relay anycast
  [[192, 168], 16], // private
  [[198, 18], 15], // benchmarking
  [[198, 51, 100], 24], // documentation
  [[203, 0, 113], 24], // documentation
  [[224], 4], // multicast
  [[240], 4], // reserved, and the broadcast address
];

const PRIVATE_IPV6: readonly Range[] = [
  [[0x00, 0x64, 0xff, 0x9b, 0, 1], 48], // local-use NAT64
  [[0x01, 0x00, 0, 0, 0, 0, 0, 0], 64], // discard-only
  [[0x20, 0x01, 0x00, 0x00], 32], // Teredo
  [[0x20, 0x01, 0x0d, 0xb8], 32], // documentation
  [[0xfc], 7], // unique-local (AWS's IPv6 metadata, fd00:ec2::254)
  [[0xfe, 0x80], 10], // link-local
  [[0xfe, 0xc0], 10], // site-local (deprecated)
  [[0xff], 8], // multicast
];

/**
 * True when `address` (an IPv4 or IPv6 literal, brackets and zone id allowed) is in one of
 * the ranges above; false for a public address and for anything that is not an IP literal.
 */
export function isPrivateAddress(address: string): boolean {
  const bytes = parseIp(address);
  if (bytes === undefined) return false;
  if (bytes.length === 4) return PRIVATE_IPV4.some((range) => inRange(bytes, range));
  const embedded = embeddedIpv4(bytes);
  if (embedded !== undefined) return PRIVATE_IPV4.some((range) => inRange(embedded, range));
  return PRIVATE_IPV6.some((range) => inRange(bytes, range));
}

/** True when `host` is an IP literal (not a name that DNS would resolve). */
export function isIpLiteral(host: string): boolean {
  return parseIp(host) !== undefined;
}

/**
 * The IPv4 address an IPv6 one carries: `::a.b.c.d` (which also covers `::` and `::1`, judged
 * as 0.0.0.0 and 0.0.0.1, both in "this network"), `::ffff:a.b.c.d`, `::ffff:0:a.b.c.d`,
 * `64:ff9b::a.b.c.d` and `2002:aabb:ccdd::`.
 */
function embeddedIpv4(bytes: readonly number[]): number[] | undefined {
  const zeros = (from: number, to: number) => bytes.slice(from, to).every((byte) => byte === 0);
  const last4 = bytes.slice(12, 16);
  if (zeros(0, 12)) return last4;
  if (zeros(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return last4;
  if (zeros(0, 8) && bytes[8] === 0xff && bytes[9] === 0xff && zeros(10, 12)) return last4;
  if (bytes[0] === 0x00 && bytes[1] === 0x64 && bytes[2] === 0xff && bytes[3] === 0x9b) {
    if (zeros(4, 12)) return last4;
  }
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return bytes.slice(2, 6);
  return undefined;
}

function inRange(bytes: readonly number[], [prefix, bits]: Range): boolean {
  for (let bit = 0; bit < bits; bit += 8) {
    const mask = bits - bit >= 8 ? 0xff : (0xff << (8 - (bits - bit))) & 0xff;
    if (((bytes[bit / 8] ?? 0) & mask) !== ((prefix[bit / 8] ?? 0) & mask)) return false;
  }
  return true;
}

/** The bytes of an IP literal: 4 for IPv4, 16 for IPv6; `undefined` for anything else. */
function parseIp(text: string): number[] | undefined {
  const bare = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
  return bare.includes(":") ? parseIpv6(bare) : parseIpv4(bare);
}

function parseIpv4(text: string): number[] | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  const bytes = parts.map((part) => (/^\d{1,3}$/.test(part) ? Number(part) : Number.NaN));
  return bytes.every((byte) => byte <= 255) ? bytes : undefined;
}

function parseIpv6(text: string): number[] | undefined {
  const zone = text.indexOf("%");
  let rest = zone === -1 ? text : text.slice(0, zone);
  let tail: number[] = [];
  const lastColon = rest.lastIndexOf(":");
  if (rest.includes(".", lastColon)) {
    const ipv4 = parseIpv4(rest.slice(lastColon + 1));
    if (ipv4 === undefined) return undefined;
    tail = ipv4;
    // `::ffff:1.2.3.4` → `::ffff`, but `::1.2.3.4` → `::`.
    const head = rest.slice(0, lastColon + 1);
    rest = head.endsWith("::") ? head : head.slice(0, -1);
  }
  const halves = rest.split("::");
  if (halves.length > 2) return undefined;
  const groups = (half: string | undefined) => (half ? half.split(":") : []);
  const head = groups(halves[0]);
  const back = groups(halves[1]);
  const wanted = 8 - tail.length / 2;
  const missing = wanted - head.length - back.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...head, ...Array<string>(halves.length === 1 ? 0 : missing).fill("0"), ...back];
  const bytes: number[] = [];
  for (const group of all) {
    if (!/^[0-9a-f]{1,4}$/i.test(group)) return undefined;
    const value = Number.parseInt(group, 16);
    bytes.push(value >> 8, value & 0xff);
  }
  return [...bytes, ...tail];
}
