import * as z from 'zod';

/**
 * The team roles that own fixes. `po` Product Owner, `ba` Business Analyst, `qa` Quality Assurance,
 * `dev` Developers. Every failed check names one of them.
 */
export const RoleSchema = z.enum(['po', 'ba', 'qa', 'dev']);
/** A team role that owns a fix. */
export type Role = z.infer<typeof RoleSchema>;

/** How each role is written in reports. */
export const ROLE_LABEL: Readonly<Record<Role, string>> = {
  po: 'PO',
  ba: 'BA',
  qa: 'QA',
  dev: 'Dev',
};
