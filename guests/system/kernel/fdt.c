/*
 * A small flattened device tree (DTB v17, big-endian) walker: memory size, the
 * CPUs, the RTAS tokens and /chosen/bootargs, nothing else.
 */
#include "kernel.h"

#define FDT_MAGIC      0xd00dfeed
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE   2
#define FDT_PROP       3
#define FDT_NOP        4
#define FDT_END        9

struct fdt_header {
	uint32_t magic, totalsize, off_dt_struct, off_dt_strings, off_mem_rsvmap;
	uint32_t version, last_comp_version, boot_cpuid_phys, size_dt_strings, size_dt_struct;
};

static uint32_t cell(const void *p, int i) { return be32(((const uint32_t *)p)[i]); }

/* A value of `cells` 32-bit cells (1 or 2) */
static uint64_t cells_value(const void *p, int cells)
{
	return cells == 2 ? ((uint64_t)cell(p, 0) << 32) | cell(p, 1) : cell(p, 0);
}

/* Node name without its unit address matches `name`? */
static int node_is(const char *node, const char *name)
{
	size_t n = strlen(name);
	return !strncmp(node, name, n) && (node[n] == 0 || node[n] == '@');
}

int fdt_parse(const void *fdt, struct machine *m)
{
	const struct fdt_header *h = fdt;
	if (be32(h->magic) != FDT_MAGIC) return -1;
	if (be32(h->version) < 16) return -2;
	const char *base = fdt;
	const uint32_t *p = (const uint32_t *)(base + be32(h->off_dt_struct));
	const char *strings = base + be32(h->off_dt_strings);

	/* the path we are in, as the node names at depths 1 and 2 */
	const char *level1 = "", *level2 = "";
	int depth = 0;
	int root_addr_cells = 2, root_size_cells = 2, cpus_addr_cells = 1;
	int in_cpu = 0;
	uint32_t cpu_reg = 0;
	int cpu_has_reg = 0, cpu_is_cpu = 0;

	m->ncpus = 0;
	m->cpus_in_fdt = 0;
	m->memory_size = 0;
	for (;;) {
		uint32_t token = be32(*p++);
		if (token == FDT_BEGIN_NODE) {
			const char *name = (const char *)p;
			size_t len = strlen(name) + 1;
			p += (len + 3) / 4;
			depth++;
			if (depth == 2) level1 = name;
			if (depth == 3) {
				level2 = name;
				in_cpu = node_is(level1, "cpus");
				cpu_has_reg = cpu_is_cpu = 0;
			}
		} else if (token == FDT_END_NODE) {
			if (depth == 3 && in_cpu && cpu_has_reg && (cpu_is_cpu || node_is(level2, "cpu"))) {
				if (m->cpus_in_fdt < MAX_CPUS) m->cpu_ids[m->cpus_in_fdt] = cpu_reg;
				m->cpus_in_fdt++;
			}
			if (depth == 3) in_cpu = 0;
			depth--;
			if (depth == 0) break;
		} else if (token == FDT_PROP) {
			uint32_t len = be32(*p++);
			const char *name = strings + be32(*p++);
			const void *val = p;
			p += (len + 3) / 4;
			if (depth == 1) {
				if (!strcmp(name, "#address-cells")) root_addr_cells = cell(val, 0);
				else if (!strcmp(name, "#size-cells")) root_size_cells = cell(val, 0);
			} else if (depth == 2 && node_is(level1, "memory") && !strcmp(name, "reg")) {
				if (len >= 4u * (root_addr_cells + root_size_cells) && m->memory_size == 0) {
					uint64_t start = cells_value(val, root_addr_cells);
					uint64_t size = cells_value((const uint32_t *)val + root_addr_cells, root_size_cells);
					if (start == 0) m->memory_size = size;
				}
			} else if (depth == 2 && node_is(level1, "cpus") && !strcmp(name, "#address-cells")) {
				cpus_addr_cells = cell(val, 0);
			} else if (depth == 2 && node_is(level1, "rtas") && len == 4) {
				uint32_t token_value = cell(val, 0);
				if (!strcmp(name, "start-cpu")) m->rtas_start_cpu = token_value;
				else if (!strcmp(name, "stop-self")) m->rtas_stop_self = token_value;
				else if (!strcmp(name, "query-cpu-stopped-state")) m->rtas_query_cpu_stopped_state = token_value;
				else if (!strcmp(name, "power-off")) m->rtas_power_off = token_value;
				else if (!strcmp(name, "system-reboot")) m->rtas_system_reboot = token_value;
			} else if (depth == 2 && node_is(level1, "chosen") && !strcmp(name, "bootargs")) {
				m->bootargs = (const char *)__va(__pa(val));
			} else if (depth == 3 && in_cpu) {
				if (!strcmp(name, "reg") && len >= 4) {
					cpu_reg = (uint32_t)cells_value(val, cpus_addr_cells == 2 ? 2 : 1);
					cpu_has_reg = 1;
				} else if (!strcmp(name, "device_type") && !strcmp((const char *)val, "cpu")) {
					cpu_is_cpu = 1;
				}
			}
		} else if (token == FDT_NOP) {
			continue;
		} else {
			break;              /* FDT_END or garbage */
		}
	}
	m->ncpus = m->cpus_in_fdt < MAX_CPUS ? m->cpus_in_fdt : MAX_CPUS;
	return 0;
}
