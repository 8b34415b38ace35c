#include "cli/mpi_session.hpp"

#ifdef NMSIM_WITH_MPI
#include <mpi.h>
#endif

namespace nmsim::cli {

#ifdef NMSIM_WITH_MPI
MpiSession::MpiSession(int& argc, char**& argv) {
  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
  MPI_Comm_size(MPI_COMM_WORLD, &size_);
}
MpiSession::~MpiSession() { MPI_Finalize(); }
bool MpiSession::all_ok(bool ok) const {
  int mine = ok ? 1 : 0, all = 0;
  MPI_Allreduce(&mine, &all, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  return all == 1;
}
#else
MpiSession::MpiSession(int&, char**&) {}
MpiSession::~MpiSession() = default;
bool MpiSession::all_ok(bool ok) const { return ok; }
#endif

}  // namespace nmsim::cli
