# Dumps Natural Earth label points (sp's centroid of each feature's largest ring) of the
# US, Canadian, Australian and Brazilian states from Debian's r-cran-rnaturalearthdata:
# Rscript natural_earth_points.R DATA_DIR OUT_DIR.
suppressMessages(library(sp))
args <- commandArgs(trailingOnly = TRUE)
e <- new.env()
invisible(lazyLoad(file.path(args[1], "Rdata"), envir = e))
dump <- function(obj, key, out) {
  lab <- coordinates(obj)
  d <- data.frame(key = key, name = as.character(obj@data$name),
                  lat = round(lab[, 2], 4), lon = round(lab[, 1], 4))
  write.table(d, file.path(args[2], out), sep = "\t", quote = FALSE, row.names = FALSE)
}
s <- e$states50
dump(s, as.character(s@data$iso_3166_2), "ne_states.tsv")
