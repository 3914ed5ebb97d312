//! Parquet output through the low-level column writer (no Arrow dependency).

use std::fs::File;
use std::sync::Arc;

use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::errors::ParquetError;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;
use serde_json::Value;

use crate::columns::{values, COLUMNS};
use crate::ExportEvent;

/// Physical type of each column: numbers as INT64 or DOUBLE, the rest UTF-8 strings.
fn kind(column: &str) -> &'static str {
    match column {
        "sentence_index" | "source_start" | "source_end" | "target_start" | "target_end"
        | "quad_class" | "action_start" | "action_end" => "INT64",
        "goldstein" | "lat" | "lon" => "DOUBLE",
        "negated" | "hypothetical" => "BOOLEAN",
        _ => "STRING",
    }
}

fn schema() -> String {
    let fields: Vec<String> = COLUMNS
        .iter()
        .map(|c| match kind(c) {
            "STRING" => format!("OPTIONAL BYTE_ARRAY {c} (STRING);"),
            k => format!("OPTIONAL {k} {c};"),
        })
        .collect();
    format!("message sitrep_event {{ {} }}", fields.join(" "))
}

pub(crate) fn write(file: File, events: &[ExportEvent]) -> Result<(), ParquetError> {
    let schema = Arc::new(parse_message_type(&schema())?);
    let props = Arc::new(WriterProperties::builder().build());
    let mut writer = SerializedFileWriter::new(file, schema, props)?;
    let rows: Vec<Vec<Value>> = events.iter().map(values).collect();
    let mut group = writer.next_row_group()?;
    let mut col = 0;
    while let Some(mut cw) = group.next_column()? {
        let cells = rows.iter().map(|r| &r[col]);
        let defs: Vec<i16> = cells.clone().map(|v| i16::from(!v.is_null())).collect();
        match kind(COLUMNS[col]) {
            "INT64" => {
                let vals: Vec<i64> = cells.filter_map(Value::as_i64).collect();
                cw.typed::<Int64Type>()
                    .write_batch(&vals, Some(&defs), None)?;
            }
            "DOUBLE" => {
                let vals: Vec<f64> = cells.filter_map(Value::as_f64).collect();
                cw.typed::<DoubleType>()
                    .write_batch(&vals, Some(&defs), None)?;
            }
            "BOOLEAN" => {
                let vals: Vec<bool> = cells.filter_map(Value::as_bool).collect();
                cw.typed::<parquet::data_type::BoolType>()
                    .write_batch(&vals, Some(&defs), None)?;
            }
            _ => {
                let vals: Vec<ByteArray> = cells
                    .filter(|v| !v.is_null())
                    .map(|v| match v {
                        Value::String(s) => ByteArray::from(s.as_str()),
                        other => ByteArray::from(other.to_string().as_str()),
                    })
                    .collect();
                cw.typed::<ByteArrayType>()
                    .write_batch(&vals, Some(&defs), None)?;
            }
        }
        cw.close()?;
        col += 1;
    }
    group.close()?;
    writer.close()?;
    Ok(())
}
