# Presets of the tenant scenarios (README "Tenants: bootstrap, mixed-hot, mixed-uniform").
# Each runs ./macro.sh against the target its options choose (a cluster from a kubeconfig, else embedded).
#   make bootstrap-500                      # one preset
#   make bootstrap-500 ARGS='--target embedded --workers 32' OUT=results/tenants
OUT ?= runs
ARGS ?=
MACRO := ./macro.sh

.PHONY: bootstrap-200 bootstrap-500 bootstrap-1000 bootstrap-2000 mixed-hot-1000 mixed-uniform-1000

bootstrap-200 bootstrap-500 bootstrap-1000 bootstrap-2000:
	$(MACRO) bootstrap --tenants $(subst bootstrap-,,$@) --out $(OUT) $(ARGS)

# 10% of 1,000 tenants hot at 5 writes/s (GET + UPDATE) and 20 reads/s each: 2,500 operations/s.
mixed-hot-1000:
	$(MACRO) mixed-hot --tenants 1000 --hot-percent 10 --write-rps-per-tenant 5 --read-rps-per-tenant 20 --load-duration 5m --out $(OUT) $(ARGS)

# Every one of 1,000 tenants at 0.5 writes/s and 2 reads/s: 2,500 operations/s spread evenly.
mixed-uniform-1000:
	$(MACRO) mixed-uniform --tenants 1000 --write-rps-per-tenant 0.5 --read-rps-per-tenant 2 --load-duration 5m --out $(OUT) $(ARGS)
