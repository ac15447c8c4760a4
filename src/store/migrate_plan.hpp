#pragma once
// What `migrate-db` copies from SQLite to PostgreSQL, table by table (migrate_plan.cpp), and
// what it leaves out on purpose. Both schemas name tables and columns alike, so a column is
// read from SQLite and written to PostgreSQL under one name.

#include <string_view>
#include <vector>

namespace headlined::store::migration {

// How a value travels: integers and text as text (PostgreSQL converts them to the column's
// type), bytes as binary (raw pages and sketches hold NULs).
enum class Kind { Integer, Text, Bytes };

struct Column {
  const char* name;
  Kind kind;
  // What SQLite reads for it, when not the column itself (`t.<name>`).
  const char* source = nullptr;
};

struct TablePlan {
  const char* table;
  // FROM of the SQLite query; the table is `t`.
  const char* from;
  // ORDER BY on SQLite: ids ascending, so a copy reads in the order rows were made.
  const char* order;
  std::vector<Column> columns;
  // Snapshots: PostgreSQL's search_tokens column is derived from the text columns, as
  // PgStore derives it when it stores a snapshot (pg_search_tokens).
  bool search_tokens = false;
  // The PostgreSQL identity column to advance past the copied ids afterwards, if any.
  const char* identity = nullptr;
};

// The copied tables, parents before the rows that refer to them.
const std::vector<TablePlan>& copied_tables();

// True for a SQLite table that is not copied on purpose (the search index, the raw-page
// move, the write probe, nodes and leases): the reason, else nullptr.
const char* left_out_reason(std::string_view sqlite_table);

}  // namespace headlined::store::migration
