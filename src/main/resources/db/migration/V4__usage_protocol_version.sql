-- The MCP protocol version each call came with (2024-11-05 … 2026-07-28): which clients still need the older eras.
-- Rows written before this column existed keep NULL (unknown).
ALTER TABLE usage_log ADD COLUMN protocol_version VARCHAR(16);
