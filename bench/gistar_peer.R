# The peer of bench/gistar_bench.cc: spdep's Gi* on the same lattice counts.
#
#   Rscript bench/gistar_peer.R COUNTS_CSV ROWS COLS NSIM [CELLS]
#
# COUNTS_CSV has one column `count`, cells row by row (what gistar_bench writes). The weights
# are the ROWS x COLS lattice's queen neighbours with self included, binary: the same as the
# bench's. spdep's cell2nb builds them in O(n^2) (12 s for 10,000 cells here), so they are built
# vectorised below and checked against cell2nb on a small lattice. With CELLS given, the peer
# runs on the first CELLS %/% COLS rows only (a smaller lattice) and reports the time measured.
suppressMessages(library(spdep))
args <- commandArgs(trailingOnly = TRUE)
counts <- read.csv(args[1])$count
rows <- as.integer(args[2])
cols <- as.integer(args[3])
nsim <- as.integer(args[4])
if (length(args) >= 5) {
  rows <- as.integer(args[5]) %/% cols
  counts <- counts[seq_len(rows * cols)]
}
stopifnot(length(counts) == rows * cols)

lattice_nb <- function(rows, cols) {
  r <- rep(0:(rows - 1), each = cols)
  c <- rep(0:(cols - 1), times = rows)
  i <- seq_len(rows * cols)
  pairs <- NULL
  for (dr in -1:1) for (dc in -1:1) {
    if (dr == 0 && dc == 0) next
    ok <- r + dr >= 0 & r + dr < rows & c + dc >= 0 & c + dc < cols
    pairs <- rbind(pairs, cbind(i[ok], i[ok] + dr * cols + dc))
  }
  pairs <- pairs[order(pairs[, 1], pairs[, 2]), ]
  nb <- lapply(split(pairs[, 2], factor(pairs[, 1], levels = i)), as.integer)
  names(nb) <- NULL
  class(nb) <- "nb"
  attr(nb, "region.id") <- as.character(i)
  attr(nb, "sym") <- TRUE
  nb
}
small <- cell2nb(5, 7, type = "queen")
stopifnot(all(mapply(identical, unclass(small), unclass(lattice_nb(5, 7)))))

t_nb <- system.time({
  nb <- lattice_nb(rows, cols)
  lw <- nb2listw(include.self(nb), style = "B")
})[["elapsed"]]
t_analytic <- system.time(z <- localG(counts, lw))[["elapsed"]]
set.seed(1)
t <- system.time(zp <- localG_perm(counts, lw, nsim = nsim, iseed = 1))
t_perm <- t[["elapsed"]]
cpu_perm <- t[["user.self"]] + t[["sys.self"]]
cat(sprintf(paste0("cells=%d nsim=%d weights_s=%.3f localG_s=%.3f localG_perm_s=%.3f ",
                   "localG_perm_cpu_s=%.3f per_cell_ms=%.4f\n"),
            rows * cols, nsim, t_nb, t_analytic, t_perm, cpu_perm, 1000 * t_perm / (rows * cols)))
