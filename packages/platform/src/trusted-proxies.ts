import proxyAddr from '@fastify/proxy-addr';
import { Type } from '@sinclair/typebox';
import { env } from './config.js';

/** Names of address ranges that proxy-addr (Fastify's trustProxy) knows. */
const RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** The entries of a TRUSTED_PROXIES value: comma-separated, spaces and empty entries ignored. */
export function parseTrustedProxies(value: string): string[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/** Checked with the library Fastify applies the list with, so what passes here works there. */
function invalidEntries(value: string): string | undefined {
  const invalid = parseTrustedProxies(value).filter((entry) => {
    try {
      proxyAddr.compile(entry);
      return false;
    } catch {
      return true;
    }
  });
  if (invalid.length === 0) return undefined;
  const listed = invalid.map((entry) => `"${entry}"`).join(', ');
  return `${listed} ${invalid.length === 1 ? 'is' : 'are'} not an IP address, a CIDR range such as 10.0.0.0/8, or one of ${RANGE_NAMES.join(', ')}`;
}

/**
 * TRUSTED_PROXIES: the hops allowed to set X-Forwarded-For, as a comma-separated list of IP
 * addresses, CIDR ranges and range names. A request from any other address is taken as coming from
 * that address whatever its headers say, so a client cannot pick the IP that rate limits count.
 */
export const trustedProxiesVariable = (defaultValue: string) =>
  env.checked(
    Type.String({
      default: defaultValue,
      description:
        'Hops allowed to set X-Forwarded-For: IPs, CIDRs, loopback, linklocal, uniquelocal',
    }),
    invalidEntries,
  );

/** Fastify's `trustProxy` for a TRUSTED_PROXIES value: the listed hops, or false to trust none. */
export function trustProxySetting(value: string): string | false {
  const entries = parseTrustedProxies(value);
  return entries.length > 0 ? entries.join(',') : false;
}
