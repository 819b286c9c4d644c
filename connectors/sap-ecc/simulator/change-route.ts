/**
 * `POST /__sim/change` (never faulted): a test changes the seeded data the way SAP users would, dated the
 * simulator's today. Body: `{"action": "renameVendor", "lifnr": "0000100001", "name": "…"}`,
 * `{"action": "renameCustomer", "kunnr": …, "name": …}`, `{"action": "addPoItem", "ebeln": …}`,
 * `{"action": "createVendor", "lifnr": …}` or `{"action": "advance", "n": 4}`. Answers the records an
 * incremental read must now return (`{"changes": [{"entity", "key"}]}`), or 400 in words.
 */
import { addPoItem, advance, createVendor, renameCustomer, renameVendor, type SapChange } from './changes.ts';
import type { SapFixture } from './fixture.ts';

export function applyTestChange(fixture: SapFixture, body: string): { status: number; body: unknown } {
  let change: Record<string, unknown>;
  try {
    change = JSON.parse(body) as Record<string, unknown>;
  } catch {
    return { status: 400, body: { error: 'the body is not JSON' } };
  }
  const text = (name: string) => (typeof change[name] === 'string' ? (change[name] as string) : '');
  try {
    let changes: SapChange[];
    switch (change.action) {
      case 'renameVendor':
        changes = renameVendor(fixture, text('lifnr'), text('name'));
        break;
      case 'renameCustomer':
        changes = renameCustomer(fixture, text('kunnr'), text('name'));
        break;
      case 'addPoItem':
        changes = addPoItem(fixture, text('ebeln'));
        break;
      case 'createVendor':
        changes = createVendor(fixture, text('lifnr'));
        break;
      case 'advance':
        changes = advance(fixture, typeof change.n === 'number' ? change.n : 1);
        break;
      default:
        return {
          status: 400,
          body: { error: 'action: renameVendor, renameCustomer, addPoItem, createVendor or advance' },
        };
    }
    return { status: 200, body: { changes } };
  } catch (error) {
    return { status: 400, body: { error: (error as Error).message } };
  }
}
