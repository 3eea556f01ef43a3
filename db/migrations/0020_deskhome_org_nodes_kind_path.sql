DROP INDEX `org_nodes_kind_idx`;--> statement-breakpoint
CREATE INDEX `org_nodes_kind_idx` ON `org_nodes` (`kind`,`path`);