/** Connections: which system, where it is, and how to authenticate (by secret *reference* only). */
import { z } from 'zod';
import { notes, secretRef } from './common.ts';

/**
 * A system id as connector modules name themselves: lower-case words joined by hyphens (dynamics-gp).
 * Which ids exist is not the model's to know: the connector list gives them as data (installSystemRules),
 * so a new system needs no edit here.
 */
export const SYSTEM_ID_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

const username = z
  .string()
  .min(1)
  .describe('User name as the system expects it, e.g. CONTOSO\\svc-sync for Windows accounts.');

export const authSchema = z
  .discriminatedUnion('method', [
    z.strictObject({ method: z.literal('none').describe('No credentials (local files, the embedded warehouse).') }),
    z.strictObject({
      method: z.literal('basic').describe('HTTP Basic: a user name and a password.'),
      username,
      secret: secretRef,
    }),
    z.strictObject({
      method: z.literal('ntlm').describe('Windows (NTLM) authentication, as on-premises Dynamics GP uses.'),
      username,
      secret: secretRef,
      workstation: z.string().optional().describe('Workstation name sent in the handshake; usually left out.'),
    }),
    z.strictObject({
      method: z.literal('negotiate').describe('Windows Negotiate (Kerberos), falling back to NTLM.'),
      username,
      secret: secretRef,
    }),
    z.strictObject({
      method: z.literal('api-key').describe('An API key issued by the system (e.g. BambooHR).'),
      secret: secretRef,
    }),
    z.strictObject({
      method: z.literal('personal-access-token').describe('A personal access token (e.g. Databricks).'),
      secret: secretRef,
    }),
    z.strictObject({
      method: z
        .literal('oauth2-client-credentials')
        .describe('OAuth 2 machine-to-machine: client id and client secret.'),
      clientId: z.string().min(1).describe('The application (client) id. Not a secret.'),
      secret: secretRef,
      tokenUrl: z
        .string()
        .url()
        .optional()
        .describe('Token endpoint, when the system does not derive it from the address.'),
      scope: z.string().optional().describe('Space-separated scopes to request.'),
    }),
    z.strictObject({
      method: z
        .literal('oauth2-refresh-token')
        .describe('OAuth 2 authorization code with a refresh token (e.g. BambooHR apps).'),
      clientId: z.string().min(1).describe('The application (client) id. Not a secret.'),
      secret: secretRef,
      refreshTokenSecret: secretRef.describe(
        'Name of the stored refresh token; rotated tokens are written back to it.',
      ),
      tokenUrl: z
        .string()
        .url()
        .optional()
        .describe('Token endpoint, when the system does not derive it from the address.'),
      scope: z.string().optional().describe('Space-separated scopes to request.'),
    }),
  ])
  .describe('How to sign in. Secrets are named here, never written here.');

export const connectionSchema = z
  .strictObject({
    system: z
      .string()
      .regex(SYSTEM_ID_PATTERN, 'A system id is lower-case words joined by hyphens, e.g. dynamics-gp.')
      .describe('Which kind of system this connection talks to.'),
    address: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
      .describe(
        'Where the system is: address parts such as baseUrl, tenant, company, host, path or folder. ' +
          "Relative paths resolve against the pipeline file's folder.",
      ),
    auth: authSchema,
    notes,
  })
  .describe('A system to read from or write to.');

export type Connection = z.infer<typeof connectionSchema>;
export type Auth = z.infer<typeof authSchema>;
