/** Tenant scenarios: bootstrap N tenants, mixed hot/uniform open-model CRUD on them, per-tenant cost and pod sizing. */
package dev.cpbench.macro.tenants;
