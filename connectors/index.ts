/**
 * Every system the product connects to, one line each. The registry, the studio's catalog, `check`,
 * `simulate`, `demo`, the example workspace and the pipeline's source/destination rules all read this
 * list: adding a system is its folder (with a `module.ts`) and one line here. Importing it loads each
 * module's descriptor only; a system's code (DuckDB, the Databricks driver) loads when it is opened.
 */
import type { AnyConnectorModule } from './kit/module/module.ts';
import { fileModule } from './file/module.ts';
import { gpModule } from './dynamics-gp/module.ts';
import { bambooModule } from './bamboohr/module.ts';
import { duckDbModule } from './duckdb/module.ts';
import { databricksModule } from './databricks/module.ts';
import { ifsModule } from './ifs-cloud/module.ts';
import { sapModule } from './sap-ecc/module.ts';
import { dynamics365Module } from './dynamics-365/module.ts';
import { psftModule } from './peoplesoft/module.ts';

export const CONNECTOR_MODULES: readonly AnyConnectorModule[] = [
  fileModule,
  gpModule,
  bambooModule,
  duckDbModule,
  databricksModule,
  ifsModule,
  sapModule,
  dynamics365Module,
  psftModule,
];
