import { describe, expect, it } from "vitest";
import { isIpLiteral, isPrivateAddress } from "../../src/validators/private-address.js";

describe("isPrivateAddress", () => {
  it.each([
    "127.0.0.1",
    "127.255.255.254",
    "0.0.0.0",
    "10.1.2.3",
    "100.64.0.1",
    "100.100.100.200",
    "169.254.169.254",
    "168.63.129.16",
    "172.16.0.1",
    "172.31.255.255",
    "192.0.0.192",
    "192.168.1.1",
    "198.18.0.1",
    "224.0.0.1",
    "255.255.255.255",
    "::",
    "::1",
    "[::1]",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "[::ffff:a9fe:a9fe]",
    "::ffff:10.0.0.1",
    "::ffff:0:192.168.0.1",
    "::127.0.0.1",
    "64:ff9b::a9fe:a9fe",
    "64:ff9b:1::1",
    "2002:7f00:1::",
    "2001:0:4136:e378::1",
    "2001:db8::1",
    "fc00::1",
    "fd00:ec2::254",
    "fe80::1",
    "fe80::1%eth0",
    "fec0::1",
    "ff02::1",
    "0:0:0:0:0:0:0:1",
  ])("refuses %s", (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each([
    "8.8.8.8",
    "1.1.1.1",
    "172.32.0.1",
    "172.15.255.255",
    "100.128.0.1",
    "100.63.255.255",
    "169.253.1.1",
    "192.169.0.1",
    "168.63.129.17",
    "2606:4700:4700::1111",
    "2a00:1450:4007:80e::200a",
    "::ffff:8.8.8.8",
    "64:ff9b::808:808",
    "2002:808:808::",
    "example.com",
    "",
  ])("lets %s through", (address) => {
    expect(isPrivateAddress(address)).toBe(false);
  });

  it("tells IP literals from names", () => {
    expect(isIpLiteral("127.0.0.1")).toBe(true);
    expect(isIpLiteral("[::1]")).toBe(true);
    expect(isIpLiteral("::ffff:1.2.3.4")).toBe(true);
    expect(isIpLiteral("localhost")).toBe(false);
    expect(isIpLiteral("1.2.3")).toBe(false);
    expect(isIpLiteral("1.2.3.256")).toBe(false);
    expect(isIpLiteral("1::2::3")).toBe(false);
    expect(isIpLiteral("1:2:3:4:5:6:7:8:9")).toBe(false);
  });
});
