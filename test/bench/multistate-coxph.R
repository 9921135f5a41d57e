# R side of the multistate benchmark (test/bench/multistate.bench.ts): the covariate model of
# the fixture READMEs on the long data Pathwise's msprep prepared, timed as R does it,
#   coxph(Surv(Tstart, Tstop, status) ~ <expanded columns> + strata(trans), method = "breslow")
# Reads little-endian binaries written by the bench (the read and the expand.covs-style columns
# are timed apart and not counted), prints COXPH_STARTED when coxph starts (the bench's time limit
# counts from there), then one RESULT line and one COEF line.
#   Rscript test/bench/multistate-coxph.R DIR
# DIR holds meta.txt (rows, subjects, q, K), tstart.f64, tstop.f64, status.i32, trans.i32
# (1-based), subject.i32 (1-based) and design.f64 (subjects x q base design, column-major).
suppressPackageStartupMessages(library(survival))
dir <- commandArgs(trailingOnly = TRUE)[1]
elapsed <- function() proc.time()[["elapsed"]]

t0 <- elapsed()
meta <- read.table(file.path(dir, "meta.txt"), col.names = c("key", "value"))
get <- function(key) as.integer(meta$value[meta$key == key])
rows <- get("rows")
subjects <- get("subjects")
q <- get("q")
K <- get("K")
bin <- function(name, what, n) {
  con <- file(file.path(dir, name), "rb")
  on.exit(close(con))
  readBin(con, what, n, size = if (what == "double") 8L else 4L, endian = "little")
}
ms <- data.frame(
  Tstart = bin("tstart.f64", "double", rows),
  Tstop = bin("tstop.f64", "double", rows),
  status = bin("status.i32", "integer", rows),
  trans = bin("trans.i32", "integer", rows)
)
subject <- bin("subject.i32", "integer", rows)
design <- matrix(bin("design.f64", "double", subjects * q), subjects, q)
read_s <- elapsed() - t0

# expand.covs: column x<c>.<k> = base column c on rows of transition k, 0 elsewhere; term-major
# order (x1.1, ..., x1.K, x2.1, ...), the order of Pathwise's coefficients table.
t0 <- elapsed()
columns <- character(0)
for (c in seq_len(q)) {
  z <- design[subject, c]
  for (k in seq_len(K)) {
    name <- sprintf("x%d.%d", c, k)
    ms[[name]] <- z * (ms$trans == k)
    columns <- c(columns, name)
  }
}
rm(z, subject, design)
formula <- as.formula(paste("Surv(Tstart, Tstop, status) ~", paste(columns, collapse = " + "), "+ strata(trans)"))
invisible(gc())
build_s <- elapsed() - t0

cat("COXPH_STARTED\n")
flush(stdout())
warned <- character(0)
timing <- withCallingHandlers(
  system.time(fit <- coxph(formula, data = ms, method = "breslow")),
  warning = function(w) {
    warned <<- c(warned, conditionMessage(w))
    invokeRestart("muffleWarning")
  }
)
status <- readLines("/proc/self/status")
hwm <- as.numeric(sub("^VmHWM:\\s*(\\d+) kB$", "\\1", status[grepl("^VmHWM:", status)])) / 1024
cat(sprintf(
  "RESULT read_s=%.3f build_s=%.3f coxph_s=%.3f coxph_cpu_s=%.3f iter=%d loglik=%.10f peak_mb=%.0f warnings=%s\n",
  read_s, build_s, timing[["elapsed"]], timing[["user.self"]] + timing[["sys.self"]], fit$iter,
  fit$loglik[2], hwm, gsub("[[:space:]]+", "_", paste(unique(warned), collapse = "|"))
))
cat("COEF", sprintf("%.17g", coef(fit)), "\n")
