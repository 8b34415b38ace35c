#pragma once
// The process group of an MPI launch (`mpirun -n N nmsim run …`). Without NMSIM_WITH_MPI, or
// when nmsim is started without mpirun, it is a group of one and changes nothing.
namespace nmsim::cli {

class MpiSession {
 public:
  MpiSession(int& argc, char**& argv);
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  // True on every rank iff `ok` is true on every rank (a collective: all ranks must call it).
  bool all_ok(bool ok) const;

 private:
  int rank_ = 0, size_ = 1;
};

}  // namespace nmsim::cli
