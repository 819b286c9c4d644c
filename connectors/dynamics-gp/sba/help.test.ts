import { afterAll, describe, expect, it } from 'vitest';
import type { GpConnectionConfig } from '../client.ts';
import { startGpSimulator, type GpSimulator, type GpSimulatorOptions } from '../simulator/index.ts';
import { sbaStreamsAvailable } from './help.ts';

const running: GpSimulator[] = [];
afterAll(async () => {
  await Promise.all(running.map((sim) => sim.close()));
});

async function gp(options: GpSimulatorOptions = {}): Promise<{ sim: GpSimulator; config: GpConnectionConfig }> {
  const sim = await startGpSimulator({ rows: 5, ...options });
  running.push(sim);
  const { domain, user, password } = sim.credentials;
  return {
    sim,
    config: {
      baseUrl: sim.url,
      company: sim.company,
      auth: { method: 'ntlm', domain, user, passwordSecret: 'gp-password' },
      resolveSecret: (name) => (name === 'gp-password' ? Promise.resolve(password) : Promise.reject(new Error(name))),
      retry: false,
    },
  };
}

describe('sbaStreamsAvailable reads the GP /help pages', () => {
  it('a GP with purchasing serves vendors, payables invoices and purchase orders', async () => {
    const { config } = await gp();
    expect(await sbaStreamsAvailable(config)).toEqual({
      available: ['vendors', 'payables_invoices', 'purchase_orders'],
      missing: [],
    });
  });

  it('a GP whose purchasing transactions service is not installed: purchase_orders is missing, with the reason', async () => {
    const { config } = await gp({ sbaServicesRemoved: ['Purchasing/PurchaseOrders'] });
    const answer = await sbaStreamsAvailable(config);
    expect(answer.available).toEqual(['vendors', 'payables_invoices']);
    expect(answer.missing).toEqual([
      {
        stream: 'purchase_orders',
        reason: expect.stringMatching(
          /help pages \(\/GPService\/Tenants\(DefaultTenant\)\/help and the pages it links\) do not list Purchasing\/PurchaseOrders: this GP does not serve purchase orders over SBA/,
        ),
      },
    ]);
  });

  it('a GP without purchasing: every SBA stream is missing, and the reason says the pages list none of them', async () => {
    const { config } = await gp({
      sbaServicesRemoved: ['Purchasing/Vendors', 'Purchasing/PayablesInvoices', 'Purchasing/PurchaseOrders'],
    });
    const answer = await sbaStreamsAvailable(config);
    expect(answer.available).toEqual([]);
    expect(answer.missing.map((entry) => entry.stream)).toEqual(['vendors', 'payables_invoices', 'purchase_orders']);
    expect(answer.missing[0]?.reason).toMatch(/list none of Purchasing\/Vendors, Purchasing\/PayablesInvoices/);
  });

  it('no discovery page for the tenant: every stream is missing because SBA is not there', async () => {
    const { config } = await gp();
    const answer = await sbaStreamsAvailable({ ...config, tenant: 'OtherTenant' });
    expect(answer.available).toEqual([]);
    expect(answer.missing[0]?.reason).toMatch(/404 for its SBA discovery page .*Tenants\(OtherTenant\)\/help/);
  });

  it('a wrong password is an error, not an empty answer', async () => {
    const { config } = await gp();
    await expect(
      sbaStreamsAvailable({ ...config, resolveSecret: () => Promise.resolve('not-the-password') }),
    ).rejects.toMatchObject({ code: 'AUTH_FAILED' });
  });
});
