import proxyAddr from '@fastify/proxy-addr';

/**
 * Which peers may tell the backend who the client is (`X-Forwarded-For`, `X-Request-Id`).
 *
 * `true` ("trust everything") is refused: Fastify then takes the left-most X-Forwarded-For
 * entry, which the client writes itself, so address throttles could be sidestepped and a victim's
 * address locked out. What can be trusted is either
 *  - a number of proxy hops: the right-most N addresses of the chain (socket peer first) are
 *    proxies, the one before them is the client. Sound only when the backend can be reached
 *    through those proxies alone (HOST=127.0.0.1 or a firewall), since a direct client would be
 *    taken for a proxy; or
 *  - the proxies' addresses / CIDR ranges (and proxy-addr's names loopback, linklocal,
 *    uniquelocal): the client is the right-most address that is not one of them.
 */
export type TrustProxy = { kind: 'none' } | { kind: 'hops'; hops: number } | { kind: 'addresses'; addresses: string[] };

const MAX_HOPS = 10;
const HOW = 'give the number of proxies in front of the backend (e.g. 1 for one nginx) or their addresses (e.g. 127.0.0.1,10.0.0.0/8)';

/** Parses TRUST_PROXY; a string is the problem to report. */
export function parseTrustProxy(value: string | undefined): TrustProxy | string {
  const v = value?.trim() ?? '';
  if (v === '' || v === 'false' || v === '0') return { kind: 'none' };
  if (v === 'true') return `\`true\` trusts any X-Forwarded-For a client sends; ${HOW}`;
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    return hops <= MAX_HOPS ? { kind: 'hops', hops } : `at most ${MAX_HOPS} proxy hops`;
  }
  const addresses = v.split(',').map((a) => a.trim());
  for (const a of addresses) {
    try {
      proxyAddr.compile(a);
    } catch {
      return `\`${a}\` is not an IP address or CIDR range; ${HOW}`;
    }
  }
  return { kind: 'addresses', addresses };
}

/**
 * The trust function Fastify's `trustProxy` takes: `i` is the position in the chain counted from
 * the socket peer (0). Given as a function for hop counts too, because Fastify (5.12+) treats a
 * bare number as "trust nobody".
 */
export function trustFunction(t: TrustProxy): ((addr: string, i: number) => boolean) | false {
  if (t.kind === 'none') return false;
  if (t.kind === 'hops') return (_addr, i) => i < t.hops;
  return proxyAddr.compile(t.addresses);
}
