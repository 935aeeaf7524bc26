// The connect() judge of .ci/deb-e2e.sh on made-up strace lines (no app needed).
import { test } from "node:test";
import assert from "node:assert/strict";
import { judge } from "./connects.mjs";

const x = `7 connect(5, {sa_family=AF_UNIX, sun_path=@"/tmp/.X11-unix/X99"}, 20) = 0`;

test("local IPC and the WebDriver loopback pass", () => {
  const { bad, seen } = judge([
    x,
    `8 connect(6, {sa_family=AF_UNIX, sun_path="/run/dbus/system_bus_socket"}, 110) = -1 ENOENT`,
    `9 connect(7, {sa_family=AF_INET, sin_port=htons(4445), sin_addr=inet_addr("127.0.0.1")}, 16) = 0`,
    `9 connect(7, {sa_family=AF_INET6, sin6_port=htons(4445), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "::1", &sin6_addr), sin6_scope_id=0}, 28) = 0`,
  ]);
  assert.deepEqual(bad, []);
  assert.equal(seen.display, 1);
  assert.deepEqual([...seen.loopback], ["127.0.0.1:4445", "::1:4445"]);
});

test("any other address, DNS on loopback and other families fail", () => {
  const lines = [
    `1 connect(8, {sa_family=AF_INET, sin_port=htons(443), sin_addr=inet_addr("52.94.236.248")}, 16) = -1 ENETUNREACH`,
    `2 connect(8, {sa_family=AF_INET6, sin6_port=htons(443), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, "2600:1f18::1", &sin6_addr), sin6_scope_id=0}, 28) = -1`,
    `3 connect(9, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr("127.0.0.53")}, 16) = 0`,
    `4 connect(9, {sa_family=AF_NETLINK, nl_pid=0, nl_groups=00000000}, 12) = 0`,
  ];
  assert.equal(judge([x, ...lines]).bad.length, lines.length);
});
