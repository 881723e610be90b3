from blockspec.sim import Simulation

sim = Simulation(
    "examples/queue_limit.py", seed=0, group_order="fifo", interleaving="fifo", durations={"generate": 3.0}
)
ana = sim.client("ana")
ben = sim.client("ben")
cleo = sim.client("cleo")
dev = sim.client("dev")
ana.set("prompt", "a lighthouse")
sim.run(until=0.1)
ana.click("run")
sim.run(until=0.2)
ben.set("prompt", "a fox")
sim.run(until=0.3)
ben.click("run")
sim.run(until=0.4)
cleo.click("run")
sim.run(until=0.5)
dev.click("run")
sim.run(until=12)
print(sim.check(), sim.errors)
