/**
 * Amounts as money: thousands grouped, two places (more when the amount has more, so nothing is
 * rounded away), a minus for a negative. Works on the engine's exact decimal text, never a float.
 */
import { Decimal } from '../../../engine/model/values/index.ts';

const MONEY_PLACES = 2;

export function moneyText(amount: string): string {
  const value = Decimal.tryParse(amount);
  if (value === undefined) return amount;
  const places = Math.max(MONEY_PLACES, value.stripTrailingZeros().scale);
  const plain = value.abs().rescale(places).toString();
  const [whole, fraction] = plain.split('.') as [string, string];
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${value.sign() < 0 ? '-' : ''}${grouped}.${fraction}`;
}
