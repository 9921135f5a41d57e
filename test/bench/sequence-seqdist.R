# R side of the sequence benchmark (test/bench/sequence.bench.ts): TraMineR's OM distances with
# TRATE substitution costs and hclust's Ward on the journeys the bench generated, called as the
# journeys fixture's README does (seqdef, seqsubm "TRATE", seqdist OM indel 1, hclust ward.D2).
# Only seqdist is timed for the distances, its costs computed before it; the read and seqdef are
# timed apart and not counted; `hclust(as.dist(d), method = "ward.D2")` is timed separately.
# Prints SEQDIST_STARTED when seqdist starts, SEQDIST <seconds> when it is done, HCLUST_STARTED
# when hclust starts (the bench's time limits count from these), then one RESULT line and one
# CLUSTERS line (cutree(k = 4) in row order). With `check`, RESULT also has the sum of the
# distances and of their squares over all pairs i < j (NA without: they copy the n x n matrix).
#   Rscript test/bench/sequence-seqdist.R DATA_CSV [check]
# DATA_CSV: id,m01..m24, one row per customer (sequence-data.ts's writeJourneysCsv).
suppressPackageStartupMessages(library(TraMineR))
args <- commandArgs(trailingOnly = TRUE)
path <- args[1]
check <- identical(args[2], "check")
elapsed <- function() proc.time()[["elapsed"]]
invisible(Sys.setlocale("LC_COLLATE", "C"))

t0 <- elapsed()
wide <- read.csv(path, colClasses = "character", check.names = FALSE)
seqd <- suppressMessages(seqdef(wide[, -1], id = wide$id, cnames = names(wide)[-1]))
sm <- suppressMessages(seqsubm(seqd, method = "TRATE"))
prepare_s <- elapsed() - t0
distinct <- nrow(unique(wide[, -1]))
rm(wide)
invisible(gc())

cat("SEQDIST_STARTED\n")
flush(stdout())
seqdist_t <- system.time(d <- suppressMessages(seqdist(seqd, method = "OM", indel = 1, sm = sm)))
cat(sprintf("SEQDIST %.3f\n", seqdist_t[["elapsed"]]))
# The check the bench makes on its smallest size: every pair i < j once.
total <- NA_real_
squares <- NA_real_
if (check) {
  upper <- d[upper.tri(d)]
  total <- sum(upper)
  squares <- sum(upper^2)
  rm(upper)
}
invisible(gc())

cat("HCLUST_STARTED\n")
flush(stdout())
hclust_t <- system.time(hc <- hclust(as.dist(d), method = "ward.D2"))
clusters <- cutree(hc, k = 4)

status <- readLines("/proc/self/status")
hwm <- as.numeric(sub("^VmHWM:\\s*(\\d+) kB$", "\\1", status[grepl("^VmHWM:", status)])) / 1024
cat(sprintf(
  "RESULT prepare_s=%.3f seqdist_s=%.3f seqdist_cpu_s=%.3f hclust_s=%.3f hclust_cpu_s=%.3f n=%d distinct=%d sum=%.17g sumsq=%.17g peak_mb=%.0f traminer=%s\n",
  prepare_s, seqdist_t[["elapsed"]], seqdist_t[["user.self"]] + seqdist_t[["sys.self"]],
  hclust_t[["elapsed"]], hclust_t[["user.self"]] + hclust_t[["sys.self"]], nrow(seqd), distinct,
  total, squares, hwm, as.character(packageVersion("TraMineR"))
))
cat("CLUSTERS", clusters, "\n")
