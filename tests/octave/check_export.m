function check_export(expected_json)
  % Checks the variables that docs/format.md's MATLAB/Octave snippet leaves in the caller's
  % workspace (emg, rate, time, channels, mask, clonus, beats, seed, t) and the MAT file itself
  % against values read independently from the HDF5 file (expected_from_hdf5.py).
  % Any mismatch is an error, so octave-cli exits non-zero.
  e = jsondecode(fileread(expected_json));
  emg = evalin('caller', 'emg');
  rate = evalin('caller', 'rate');
  time = evalin('caller', 'time');
  channels = evalin('caller', 'channels');
  mask = evalin('caller', 'mask');
  clonus = evalin('caller', 'clonus');
  beats = evalin('caller', 'beats');
  seed = evalin('caller', 'seed');
  t = evalin('caller', 't');

  need(isa(emg, 'single'), 'emg is single');
  need(isequal(size(emg), e.emg_shape(:)'), sprintf('emg is %dx%d, expected %dx%d', size(emg), e.emg_shape));
  need(rate == e.emg_rate, 'emg rate');
  need(abs(time(1) - e.emg_starting_time) < 1e-12, 'time(1) is the starting time');
  need(abs(time(end) - (e.emg_starting_time + (e.emg_shape(1) - 1) / e.emg_rate)) < 1e-9, 'time(end)');
  need(isequal(channels(:), e.emg_channels(:)), 'emg channels');
  need(strcmp(t.emg.unit, e.emg_unit), 'emg unit');
  for k = 1:size(e.emg_picks, 1)
    p = e.emg_picks(k, :);
    need(emg(p(1), p(2)) == single(p(3)), sprintf('emg(%d, %d) = %.9g, expected %.9g', p(1), p(2), emg(p(1), p(2)), p(3)));
  end
  need(abs(sum(double(emg(:))) - e.emg_sum) <= 1e-9 * max(1, abs(e.emg_sum)), 'sum of the emg');
  need(isequal(size(t.kinematics.angle.data), e.angle_shape(:)'), 'angle shape');
  need(t.kinematics.angle.data(end, 1) == single(e.angle_last), 'last angle sample');

  need(isa(mask, 'uint16') && isequal(size(mask), e.emg_shape(:)'), 'label mask is uint16, samples x channels');
  need(isequal(t.labels.bit_names(:), e.bit_names(:)), 'label bit names');
  need(sum(double(clonus(:))) == e.clonus_cells, sprintf('clonus cells %d, expected %d', sum(double(clonus(:))), e.clonus_cells));
  need(isequal(sum(double(clonus), 1), e.clonus_per_channel(:)'), 'clonus cells per channel');
  % jsondecode may round a double's last bit, hence 1e-12 s rather than equality.
  need(numel(beats) == numel(e.beat_starts) && max(abs(beats(:) - e.beat_starts(:))) < 1e-12, 'clonus beat start times');
  need(numel(t.events.label) == e.event_count, 'event count');
  need(isa(seed, 'uint64') && strcmp(num2str(seed), e.seed), 'seed');
  need(numel(t.parameters.value) == e.parameter_count && iscell(t.parameters.name), 'parameters table');
  need(isequal(t.parameters.name(:), e.parameter_names(:)), 'parameter names');
  need(isequal(t.parameters.unit(:), e.parameter_units(:)), 'parameter units');
  need(isequal(t.parameters.source(:), e.parameter_sources(:)), 'parameter sources');
  need(any(~cellfun(@isempty, t.parameters.source)), 'some parameter has a cited source');
  need(t.index == e.trial, 'trial index');
  printf('check_export: all values match\n');
end

function need(ok, what)
  if ~ok
    error('check_export:mismatch', 'MAT export mismatch: %s', what);
  end
end
