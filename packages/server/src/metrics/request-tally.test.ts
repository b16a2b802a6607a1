import { Histogram, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { RequestTally } from './request-tally.js';

/** Samples keyed by name and sorted labels, so that two expositions compare whatever their label order. */
function samples(text: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const line of text.split('\n')) {
    const m = /^(\w+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) continue;
    const labels = [...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(([, k, v]) => `${k}=${v}`).sort();
    found.set(`${m[1]}{${labels.join(',')}}`, Number(m[3]));
  }
  return found;
}

describe('RequestTally', () => {
  const bounds = [0.001, 0.01, 0.1, 1];

  it('writes what prom-client writes for the same observations', async () => {
    const tally = new RequestTally('http_seconds', 'Requests', bounds);
    const registry = new Registry();
    const reference = new Histogram({ name: 'http_seconds', help: 'Requests', labelNames: ['method', 'route', 'status_code'], buckets: bounds, registers: [registry] });
    const routes = ['/graphql', '/REST/oauth/v5/token', 'unmatched'];
    for (let i = 0; i < 500; i++) {
      const [method, route, status, seconds] = [i % 3 ? 'POST' : 'GET', routes[i % routes.length]!, [200, 400, 401][i % 7 % 3]!, ((i * 7919) % 2000) / 1000];
      tally.observe(method, route, status, seconds);
      reference.observe({ method, route, status_code: status }, seconds);
    }
    // Exactly on a bound counts in that bucket (le: less than or equal).
    tally.observe('GET', '/healthz', 200, 0.1);
    reference.observe({ method: 'GET', route: '/healthz', status_code: 200 }, 0.1);
    const ours = tally.render();
    expect(ours).toMatch(/^# HELP http_seconds Requests\n# TYPE http_seconds histogram\n/);
    expect(ours.endsWith('\n')).toBe(true);
    expect(samples(ours)).toEqual(samples(await registry.metrics()));
    expect(ours).toContain('http_seconds_bucket{method="GET",route="/healthz",status_code="200",le="0.01"} 0');
    expect(ours).toContain('http_seconds_bucket{method="GET",route="/healthz",status_code="200",le="0.1"} 1');
  });

  it('escapes label values and shows nothing but the header before the first request', () => {
    const tally = new RequestTally('http_seconds', 'Requests', bounds);
    expect(tally.render()).toBe('# HELP http_seconds Requests\n# TYPE http_seconds histogram\n');
    tally.observe('GET', '/a"b\\c', 200, 0.5);
    expect(tally.render()).toContain('http_seconds_count{method="GET",route="/a\\"b\\\\c",status_code="200"} 1');
  });
});
