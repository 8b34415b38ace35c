#!/usr/bin/env bash
# Regenerates the figures in docs/figures/ from the bundled scenarios: the trial figures, the
# tutorial's sweep plots and overlay, and (with the lab built, tools/lab.sh --build-only) the
# lab's screenshots, taken by its browser test.
#   tools/make_figures.sh [BUILD_DIR]      (default build/default)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
nmsim="${1:-$root/build/default}/nmsim"
python=/usr/bin/python3  # Debian's, which has h5py and matplotlib
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# figure  scenario  start stop
figures=(
  "ankle_clonus ankle_clonus 0.5 4"
  "ankle_clonus_steady ankle_clonus 10 11"
  "ankle_clonus_varying_load ankle_clonus_varying_load 4 14"
  "writers_cramp wrist_writers_cramp 0 10"
  "cervical_dystonia cervical_dystonia 0 12"
  "cortical_myoclonus cortical_reflex_myoclonus 1 5"
  "negative_myoclonus negative_myoclonus 1 6"
  "propriospinal_myoclonus propriospinal_myoclonus 1 6"
  "essential_tremor essential_tremor 1 8"
  "parkinsonian_rest_tremor parkinsonian_rest_tremor 0 20"
  "physiological_tremor physiological_tremor 2 5"
  "voluntary_tapping voluntary_tapping 1 13"
  "jaw_clonus jaw_clonus 0.8 2.2"
  "ankle_clonus_with_tremor ankle_clonus_with_tremor 0 13.2"
  "ankle_clonus_with_dystonia ankle_clonus_with_dystonia 1 6"
  "ankle_fragmentary_clonus ankle_fragmentary_clonus 0.5 15.7"
  "ankle_unsustained_clonus ankle_unsustained_clonus 0.5 12.4"
)
for entry in "${figures[@]}"; do
  read -r name scenario start stop <<<"$entry"
  h5="$work/$scenario.h5"
  [ -f "$h5" ] || "$nmsim" run "$root/scenarios/$scenario.yaml" -o "$h5" -q
  "$python" "$root/tools/plot_trial.py" "$h5" -o "$root/docs/figures/$name.png" --start "$start" --stop "$stop"
done

# docs/model.md "Recording chain": what ankle_recording_chain's chain does to the soleus EMG.
"$nmsim" run "$root/scenarios/ankle_recording_chain.yaml" -o "$work/ankle_recording_chain.h5" -q
"$python" "$root/tools/plot_recording.py" "$work/ankle_recording_chain.h5" --muscle soleus --start 10 --stop 13 \
  -o "$root/docs/figures/recording_chain.png"
"$nmsim" run "$root/scenarios/propriospinal_myoclonus_ecg.yaml" -o "$work/propriospinal_myoclonus_ecg.h5" -q
"$python" "$root/tools/plot_recording.py" "$work/propriospinal_myoclonus_ecg.h5" --muscle rectus_abdominis_upper --start 0.5 --stop 4.5 \
  -o "$root/docs/figures/recording_ecg.png"

# docs/model.md "Recording chain": one figure per artefact family, each stage alone on the 9 s
# ankle test (clean vs recorded soleus EMG, the artefact mask, both spectra). The ECG is
# recording_ecg.png above (a trunk channel).
families=(
  "crosstalk 3 6 signals.emg.crosstalk.soleus.gastrocnemius=0.3"
  "powerline 3 6 signals.emg.powerline.frequency=50 signals.emg.powerline.snr_db=0 signals.emg.powerline.drift=0.2 signals.emg.powerline.drift_time=2"
  "wander 0.5 9 signals.emg.wander.amplitude=2e-4 signals.emg.wander.correlation_time=1"
  "coloured_noise 3 6 signals.emg.coloured_noise.snr_db=5 signals.emg.coloured_noise.exponent=1.5"
  "motion 0.5 4 signals.emg.motion.snr_db=0 signals.emg.motion.low=1 signals.emg.motion.high=20"
  "pops 0.5 9 signals.emg.pops.rate=2 signals.emg.pops.amplitude=3e-3 signals.emg.pops.recovery=0.1"
  "dropouts 0.5 9 signals.emg.dropouts.rate=1 signals.emg.dropouts.duration=0.3"
  "adc 3 6 signals.emg.adc.bits=6 signals.emg.adc.range=0.15 signals.emg.adc.gain=1000"
  "shifts 0.5 9 signals.emg.shifts.rate=20 signals.emg.shifts.max_gain=1.8 signals.emg.shifts.max_depth=0.008"
)
for entry in "${families[@]}"; do
  read -r name start stop settings <<<"$entry"
  sets=(--set 'protocol[2].duration=4' --set signals.emg.store_clean=true)
  for s in $settings; do sets+=(--set "$s"); done
  "$nmsim" run "$root/scenarios/ankle_clonus.yaml" -o "$work/artefact_$name.h5" -q "${sets[@]}"
  "$python" "$root/tools/plot_recording.py" "$work/artefact_$name.h5" --muscle soleus --start "$start" --stop "$stop" \
    -o "$root/docs/figures/artefact_$name.png"
done

# docs/tutorial.md: the gain x delay sweep of a 16 s ankle test (15 s push), and three gains
# of the lab's 5 s test overlaid.
"$nmsim" sweep "$root/scenarios/ankle_clonus.yaml" --set 'protocol[2].duration=15' \
  --vary parameters.spinal.reflex_gain=0.5:6:23 --vary parameters.defaults.reflex.delay=0.02:0.08:13 \
  -o "$work/map.csv" -q --plot "$work"
cp "$work/stability_map.png" "$root/docs/figures/sweep_stability_map.png"
cp "$work/bifurcation.png" "$root/docs/figures/sweep_bifurcation.png"
for g in 1 2.4 4; do
  "$nmsim" run "$root/scenarios/lab_ankle.yaml" -o "$work/lab_$g.h5" -q --set "parameters.spinal.reflex_gain=$g"
done
"$python" "$root/tools/plot_overlay.py" "$work/lab_1.h5" "$work/lab_2.4.h5" "$work/lab_4.h5" --muscle soleus \
  --label "gain 1" --label "gain 2.4" --label "gain 4" -o "$root/docs/figures/overlay_gains.png" >/dev/null

# docs/lab.md, docs/tutorial.md: the lab at gain 4 and at gain 2 (tests/web/test_lab_page.py).
if [ -f "$root/build/lab/nmsim_engine.js" ]; then
  NMSIM_LAB_SCREENSHOTS="$root/docs/figures" PYTHONPATH="${1:-$root/build/default}/python" PYTHONDONTWRITEBYTECODE=1 \
    "$python" -m pytest -q -p no:cacheprovider "$root/tests/web/test_lab_page.py" -k "across_the_boundary" >/dev/null
else
  echo "build/lab is not built (tools/lab.sh --build-only): the lab's screenshots are left as they are" >&2
fi
echo "wrote the figures to docs/figures/"
