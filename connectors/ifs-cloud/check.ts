/**
 * The connection test the descriptor names: one sign-in, no retry (a wrong secret is one AUTH_FAILED,
 * never several refused sign-ins), then one GL account of each configured company. An empty answer is
 * IFS's way of saying the service user may not see that company (ifs-cloud.md §0.6), so it fails with
 * that in words rather than pass on an empty read.
 */
import { type PingResult, ping } from '../kit/descriptor.ts';
import { KitError } from '../kit/errors.ts';
import { odataLiteral } from '../kit/odata/literals.ts';
import { IfsClient } from './client.ts';
import { type IfsConnectionConfig, setPath, setUrl } from './config.ts';

export function testIfsConnection(config: IfsConnectionConfig): Promise<PingResult> {
  return ping(async () => {
    const client = new IfsClient({ ...config, retry: false });
    try {
      const url = setUrl(config, 'gl_accounts');
      for (const company of config.companies) {
        const page = await client.page(url, {
          $filter: `Company eq ${odataLiteral({ type: 'string', value: company }, 'v4')}`,
          $select: 'Company,Account',
          $orderby: 'Company,Account',
          $top: 1,
        });
        if (page.rows.length === 0)
          throw new KitError(
            'CONFIG_INVALID',
            `IFS Cloud answered no GL accounts for company ${company} in ${setPath(config, 'gl_accounts')}: add the company to the service user's Allowed Companies (or check the company id)`,
          );
      }
      return `signed in to IFS Cloud as IAM client "${config.clientId}" and read GL accounts of ${config.companies.length === 1 ? 'company' : 'companies'} ${config.companies.join(', ')}`;
    } finally {
      await client.close();
    }
  });
}
