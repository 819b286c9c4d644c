/** The BambooHR simulator's protocol quirks over real HTTP (bamboohr.md §1, §3, §7, §9). */
import { request as httpRequest } from 'node:http';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { addDecimals } from '../../kit/simulator/control-totals.ts';
import { type BambooSimulator, startBambooSimulator } from './index.ts';

let sim: BambooSimulator;
afterEach(() => sim.close());
const basic = () => `Basic ${Buffer.from(`${sim.credentials.apiKey}:x`).toString('base64')}`;
const get = (path: string, authorization = basic()) =>
  request(`${sim.apiBase}${path}`, { headers: { authorization, accept: 'application/json' } });

describe('BambooHR simulator', () => {
  it('puts error text in headers with an empty body; 401 without the key, 400 on a bad since', async () => {
    sim = await startBambooSimulator({ rows: 5 });
    const denied = await get(
      '/employees/directory',
      `Basic ${Buffer.from(`${sim.credentials.apiKey}:password`).toString('base64')}`,
    );
    expect(denied.statusCode).toBe(401);
    expect(denied.headers['x-bamboohr-error-message']).toBe('Invalid API key or access token.');
    expect(await denied.body.text()).toBe('');
    const bad = await get('/employees/changed?since=yesterday');
    expect(bad.statusCode).toBe(400);
    await bad.body.dump();
  });

  it('answers /employees/changed with a map keyed by id and latest; changed tables carry every row of a changed employee', async () => {
    sim = await startBambooSimulator({ rows: 6, seed: 2 });
    const since = encodeURIComponent(new Date(sim.store.now).toISOString().replace('.000Z', '+00:00'));
    const changes = sim.advance(2);
    const body = (await (await get(`/employees/changed?since=${since}`)).body.json()) as {
      latest: string;
      employees: Record<string, { id: string; action: string }>;
    };
    expect(Object.keys(body.employees).sort()).toEqual(changes.map((change) => change.employeeId).sort());
    expect(body.latest).toMatch(/\+00:00$/);
    const tables = (await (await get(`/employees/changed/tables/jobInfo?since=${since}`)).body.json()) as {
      employees: Record<string, { rows: unknown[] }>;
    };
    for (const change of changes)
      expect(tables.employees[change.employeeId]?.rows.length).toBe(
        sim.store.rowsOf('jobInfo', change.employeeId).length,
      );
  });

  it('lists Active employees only in the directory, as BambooHR does; the custom report lists every status', async () => {
    sim = await startBambooSimulator({ rows: 20, seed: 4 });
    const left = [...sim.store.employees.values()]
      .filter((employee) => employee.fields.status !== 'Active')
      .map((employee) => employee.id);
    expect(left).toHaveLength(2);
    const listed = (
      (await (await get('/employees/directory')).body.json()) as { employees: { id: string }[] }
    ).employees.map((employee) => employee.id);
    expect(listed).toHaveLength(18);
    expect(listed.filter((id) => left.includes(id))).toEqual([]);
    const report = await request(`${sim.apiBase}/reports/custom?format=JSON`, {
      method: 'POST',
      headers: { authorization: basic(), 'content-type': 'application/json' },
      body: JSON.stringify({ fields: ['status'] }),
    });
    const everyone = ((await report.body.json()) as { employees: { id: string; status: string }[] }).employees;
    expect(everyone.filter((employee) => employee.status === 'Inactive').map((employee) => employee.id)).toEqual(left);
    expect(everyone).toHaveLength(20);
  });

  it('reads a custom report as JSON only under exactly Content-Type: application/json, with integer employeeIds', async () => {
    sim = await startBambooSimulator({ rows: 4, seed: 2 });
    const [first, second] = [...sim.store.employees.keys()];
    const report = (contentType: string, employeeIds: unknown) =>
      request(`${sim.apiBase}/reports/custom?format=json`, {
        method: 'POST',
        headers: { authorization: basic(), 'content-type': contentType },
        body: JSON.stringify({ fields: ['firstName'], filters: { employeeIds } }),
      });
    const answer = async (reply: Awaited<ReturnType<typeof report>>) => [
      reply.statusCode,
      reply.headers['x-bamboohr-error-message'],
      await reply.body.text(),
    ];
    // Any other Content-Type, a charset included, is read as XML (BambooHR's OpenAPI spec).
    for (const contentType of ['application/json; charset=UTF-8', 'text/plain', 'Application/JSON']) {
      expect(await answer(await report(contentType, [Number(first)]))).toEqual([400, 'Malformed XML', '']);
    }
    expect(await answer(await report('application/json', [first, second]))).toEqual([
      400,
      'filters.employeeIds must be a list of integer employee ids.',
      '',
    ]);
    const ok = await report('application/json', [Number(first), Number(second)]);
    expect(
      ((await ok.body.json()) as { employees: { id: string }[] }).employees.map((employee) => employee.id),
    ).toEqual([first, second]);
  });

  it("answers latest as the newest change among the employees it returns, not the server's clock", async () => {
    sim = await startBambooSimulator({ rows: 6, seed: 2 });
    const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', '+00:00');
    const changed = async (since: number, type = 'all') =>
      (await (
        await get(`/employees/changed?since=${encodeURIComponent(iso(since))}&type=${type}`)
      ).body.json()) as unknown;
    const start = sim.store.now;
    const [moved, gone] = [...sim.store.employees.keys()] as [string, string];
    sim.store.transfer(moved, { department: 'Legal' }, '2025-01-07');
    const movedAt = sim.store.now;
    sim.store.remove(gone);
    expect(sim.store.now).toBeGreaterThan(movedAt);
    expect(await changed(start, 'updated')).toEqual({
      latest: iso(movedAt),
      employees: { [moved]: { id: moved, action: 'Updated', lastChanged: iso(movedAt) } },
    });
    expect(await changed(start)).toMatchObject({
      latest: iso(sim.store.now),
      employees: { [gone]: { action: 'Deleted' } },
    });
    expect(await changed(sim.store.now)).toEqual({ latest: null, employees: {} });
  });

  it('serves /api/v1 on a host named after the company domain, and not for another company', async () => {
    sim = await startBambooSimulator({ rows: 3, companyDomain: 'acme' });
    const status = (host: string) =>
      new Promise<number>((resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port: sim.port,
            path: '/api/v1/employees/directory',
            headers: { host, authorization: basic() },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end();
      });
    expect(await status(`acme.bamboohr.com`)).toBe(200);
    expect(await status(`other.bamboohr.com`)).toBe(404);
    expect(
      (
        await request(`${sim.url}/api/gateway.php/other/v1/employees/directory`, {
          headers: { authorization: basic() },
        })
      ).statusCode,
    ).toBe(404);
  });

  it('throttles with 503 in legacy mode and 429 otherwise, both with Retry-After and the text in a header', async () => {
    for (const [throttle, status] of [
      ['legacy-503', 503],
      ['retry-after-429', 429],
    ] as const) {
      sim = await startBambooSimulator({ rows: 2, faults: '429:1', throttle, retryAfterSeconds: 7 });
      const reply = await get('/employees/directory');
      expect([reply.statusCode, reply.headers['retry-after'], await reply.body.text()]).toEqual([status, '7', '']);
      expect(reply.headers['x-bamboohr-message']).toContain('Rate limit');
      await sim.close();
    }
    sim = await startBambooSimulator({ rows: 1 });
  });

  it('has exact control totals at any size, the same for the same seed', async () => {
    sim = await startBambooSimulator({ rows: 2000, seed: 8 });
    const totals = (await (await request(`${sim.url}/__sim/control-totals`)).body.json()) as Record<
      string,
      { rows: number; sums: Record<string, string> }
    >;
    expect(totals.employees?.rows).toBe(2000);
    expect(totals.compensation?.sums.rate).toBe(
      addDecimals(sim.store.rows('compensation').map((row) => (row.rate as { value: string }).value)),
    );
    expect(totals.compensation?.sums.rate).toMatch(/^\d+\.\d\d$/);
    const again = await startBambooSimulator({ rows: 2000, seed: 8 });
    expect(again.store.controlTotals()).toEqual(sim.store.controlTotals());
    await again.close();
  });
});
