from blockspec.sim import Simulation

sim = Simulation(
    "examples/cancel_generator.py", seed=0, group_order="fifo", interleaving="fifo", durations={"stream": 1.0}
)
reader = sim.client("reader")
reader.click("ask")
sim.run(until=3.5)
reader.click("stop")
sim.run(until=15)
print(sim.check(), sim.errors)
