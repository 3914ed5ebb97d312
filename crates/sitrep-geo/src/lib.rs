//! Toponym detection and geocoding against a compact GeoNames gazetteer.
#![deny(missing_docs)]
